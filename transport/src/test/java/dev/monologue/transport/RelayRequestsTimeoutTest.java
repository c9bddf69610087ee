package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.CallTimeoutException;
import dev.monologue.wire.Action;
import dev.monologue.wire.Fields;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Requests made of the relay end on the client's timer when the relay does not answer, driven here by a clock the
 * test moves: no wall-clock wait, whatever the machine's load.
 */
class RelayRequestsTimeoutTest {
  /** Far longer than any test runs: only the manual clock can bring a timeout. */
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final ClientTimer timer = new ClientTimer(scheduler, scheduler::nanoTime);
  private final PendingExchanges exchanges = new PendingExchanges(timer);
  private final RelayRequests requests = new RelayRequests(new Tokens(),
      new FanOuts(new JsonCodec(new ObjectMapper()), exchanges), exchanges, TIMEOUT);

  /** A relay gone silent: it takes every frame and answers none. */
  private static final class SilentLink implements RelayLink {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final CountDownLatch first = new CountDownLatch(1);

    @Override
    public boolean trySend(String frame) {
      sent.add(frame);
      first.countDown();
      return true;
    }
  }

  @Test
  void anUnansweredRequestTimesOutOnTheClockAndIsForgotten() {
    CompletableFuture<DeliveredFrames.Incoming> answer =
        requests.send(new SilentLink(), Action.MEMBERS, Fields.GROUP, "workers", null, false);
    assertEquals(1, requests.waiting());
    scheduler.advance(TIMEOUT.minusMillis(1));
    assertFalse(answer.isDone(), "timed out before its time");
    scheduler.advance(Duration.ofMillis(1));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> answer.get(0, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("'members' of 'workers'"), e.getCause().getMessage());
    assertEquals(0, requests.waiting());
  }

  @Test
  void anAnsweredRequestLeavesNothingBehind() {
    CompletableFuture<DeliveredFrames.Incoming> answer =
        requests.send(new SilentLink(), Action.MEMBERS, Fields.GROUP, "workers", null, false);
    assertEquals(1, scheduler.scheduled(), "one sweep of the table, not a timer per request");
    answer.complete(null);
    assertEquals(0, requests.waiting());
    // the table's one sweep runs at the request's deadline, finds nothing pending and arms no other
    scheduler.advance(TIMEOUT);
    assertEquals(0, scheduler.scheduled());
    assertFalse(answer.isCompletedExceptionally());
  }

  @Test
  void aClaimThatTimedOutLeavesNothingWaiting() throws Exception {
    NameClaims claims = new NameClaims(requests, () -> "s".repeat(32), TIMEOUT, Set.of(), Set.of());
    SilentLink link = new SilentLink();
    CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
      try {
        claims.claim(link, "billing", false);
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    assertTrue(link.first.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "no claim was sent");
    assertEquals(1, requests.waiting());
    scheduler.advance(TIMEOUT);
    Throwable e = failure.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertInstanceOf(CallTimeoutException.class, e);
    assertEquals(0, requests.waiting(), "the timed-out claim is still waiting for an answer");
    assertEquals(0, scheduler.scheduled());
  }
}
