package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.relay.core.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A fan-out's posts run {@code threads} at once, answer in the members' order, and stop starting at the budget. */
class FanOutPoolTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("%015d=", i));
    }
    return ids;
  }

  @Test
  void postsOverlapUpToThePoolSizeAndEachOutcomeKeepsItsMembersPlace() {
    int threads = 8;
    try (FanOutPool pool = new FanOutPool(threads, Duration.ofSeconds(30), Duration.ofSeconds(2))) {
      // the first 8 posts each wait until all 8 are in flight at once: only parallel posts get past it
      CountDownLatch together = new CountDownLatch(threads);
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      Set<String> frames = ConcurrentHashMap.newKeySet();
      List<String> ids = ids(100);
      List<Delivery> out = pool.sendEach(ids, id -> "frame for " + id, (id, frame) -> {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          together.countDown();
          if (!together.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            return Delivery.UNCERTAIN;
          }
          frames.add(frame);
          return ids.indexOf(id) % 3 == 0 ? Delivery.GONE : Delivery.DELIVERED;
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        } finally {
          inFlight.decrementAndGet();
        }
      });
      assertEquals(threads, most.get(), "as many posts at once as the pool has threads, the caller's included");
      assertEquals(100, frames.size(), "each member sent its own frame once");
      for (int i = 0; i < ids.size(); i++) {
        assertEquals(i % 3 == 0 ? Delivery.GONE : Delivery.DELIVERED, out.get(i), "outcome " + i);
      }
    }
  }

  @Test
  void noPostStartsOnceTheBudgetHasPassedAndThoseMembersAreNotDelivered() {
    try (FanOutPool pool = new FanOutPool(4, Duration.ZERO, Duration.ofSeconds(2))) {
      AtomicInteger posts = new AtomicInteger();
      List<Delivery> out = pool.sendEach(ids(20), id -> "f", (id, frame) -> {
        posts.incrementAndGet();
        return Delivery.DELIVERED;
      });
      assertEquals(0, posts.get(), "nothing starts after a budget of zero");
      assertEquals(20, out.size());
      assertTrue(out.stream().allMatch(d -> d == Delivery.FAILED), out.toString());
    }
  }

  @Test
  void aPostThatThrowsIsUncertainAndTheOthersGoOn() {
    try (FanOutPool pool = new FanOutPool(4, Duration.ofSeconds(30), Duration.ofSeconds(2))) {
      List<String> ids = ids(10);
      List<Delivery> out = pool.sendEach(ids, id -> "f", (id, frame) -> {
        if (id.equals(ids.get(3))) {
          throw new IllegalStateException("boom");
        }
        return Delivery.DELIVERED;
      });
      assertEquals(Delivery.UNCERTAIN, out.get(3));
      assertEquals(9, out.stream().filter(d -> d == Delivery.DELIVERED).count());
    }
  }
}
