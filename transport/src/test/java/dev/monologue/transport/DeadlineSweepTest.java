package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.monologue.testsupport.Awaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One reusable timer for many deadlines: none expires early, each expires, an earlier one is not kept waiting. */
class DeadlineSweepTest {
  private static final Duration RESOLUTION = Duration.ofMillis(10);

  private final ScheduledThreadPoolExecutor timer = newTimer();
  /** Pending entries by name, with their deadlines. */
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  /** When each entry was expired, as System.nanoTime(). */
  private final Map<String, Long> expiredAt = new ConcurrentHashMap<>();
  private final AtomicInteger sweeps = new AtomicInteger();
  private final DeadlineSweep sweep =
      new DeadlineSweep(new ClientTimer(timer, System::nanoTime), this::expire, RESOLUTION);

  private static ScheduledThreadPoolExecutor newTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    timer.setRemoveOnCancelPolicy(true); // as the client's timer
    return timer;
  }

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private OptionalLong expire(long now) {
    sweeps.incrementAndGet();
    long earliest = Long.MAX_VALUE;
    boolean any = false;
    for (Map.Entry<String, Long> e : pending.entrySet()) {
      if (e.getValue() - now <= 0) {
        if (pending.remove(e.getKey(), e.getValue())) {
          expiredAt.put(e.getKey(), now);
        }
      } else if (!any || e.getValue() - earliest < 0) {
        earliest = e.getValue();
        any = true;
      }
    }
    return any ? OptionalLong.of(earliest) : OptionalLong.empty();
  }

  private long add(String name, Duration in) {
    long deadline = System.nanoTime() + in.toNanos();
    pending.put(name, deadline);
    assertTrue(sweep.added(deadline));
    return deadline;
  }

  @Test
  void manyDeadlinesExpireNoneEarlyOnFewSweeps() throws Exception {
    Map<String, Long> deadlines = new ConcurrentHashMap<>();
    for (int i = 0; i < 1_000; i++) {
      deadlines.put("call" + i, add("call" + i, Duration.ofMillis(i % 200)));
    }
    Awaits.eventually("every deadline expired", () -> expiredAt.size() == 1_000);
    for (Map.Entry<String, Long> e : deadlines.entrySet()) {
      assertTrue(expiredAt.get(e.getKey()) - e.getValue() >= 0, e.getKey() + " expired before its deadline");
    }
    // 200 ms of deadlines at 10 ms resolution: a sweep per resolution step at most, not one per entry
    assertTrue(sweeps.get() <= 40, sweeps.get() + " sweeps");
    Awaits.eventually("no sweep left once nothing is pending", () -> timer.getQueue().isEmpty());
  }

  @Test
  void anEarlierDeadlineAddedLaterIsNotKeptWaiting() throws Exception {
    add("late", Duration.ofMinutes(5));
    long soon = add("soon", Duration.ofMillis(50));
    Awaits.eventually("the earlier deadline expired", () -> expiredAt.containsKey("soon"));
    // The sweep that expired it re-arms for the later deadline after its scan: the timer's one thread runs this
    // task only once that sweep has returned.
    Awaits.await(CompletableFuture.runAsync(() -> {}, timer));
    assertTrue(expiredAt.get("soon") - soon >= 0);
    assertFalse(expiredAt.containsKey("late"));
    assertEquals(1, timer.getQueue().size(), "one sweep waits for the later deadline");
  }

  @Test
  void answeredEntriesCostNoSweepBeforeTheirDeadline() throws Exception {
    add("answered", Duration.ofMinutes(5));
    for (int i = 0; i < 10_000; i++) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      pending.put("a" + i, deadline);
      sweep.added(deadline);
      pending.remove("a" + i); // answered at once
    }
    assertEquals(0, sweeps.get());
    assertEquals(1, timer.getQueue().size(), "one timer task for every entry added");
  }

  @Test
  void aStoppedTimerIsReported() {
    timer.shutdownNow();
    assertFalse(sweep.added(System.nanoTime()));
  }
}
