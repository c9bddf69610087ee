package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.CallOutcome;
import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MonologueJson;
import dev.monologue.PeerGoneException;
import dev.monologue.RelayRejectedException;
import dev.monologue.wire.Action;
import dev.monologue.wire.Fields;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The client's one table of pending exchanges: calls, relay requests, fan-outs and probes time out on the client's
 * clock, which the test moves (no wall-clock wait), and every kind leaves nothing behind however it ends.
 */
class PendingExchangesTest {
  /** Far longer than any test runs: only the manual clock can bring a timeout. */
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(30);
  private static final Duration TICK = Duration.ofMillis(1);

  private final ObjectMapper mapper = MonologueJson.newMapper();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final ClientTimer timer = new ClientTimer(scheduler, scheduler::nanoTime);
  private final PendingExchanges exchanges = new PendingExchanges(timer);
  private final JsonCodec codec = new JsonCodec(mapper);
  private final PendingCalls calls = new PendingCalls(exchanges, codec, TIMEOUT);
  private final FanOuts fanOuts = new FanOuts(codec, exchanges);
  private final RelayRequests requests = new RelayRequests(new Tokens(), fanOuts, exchanges, TIMEOUT);
  private final PeerProbes probes = new PeerProbes(calls, exchanges, new Tokens(),
      (peer, token) -> "probe " + peer + " " + token, PROBE_INTERVAL.toNanos());
  private final Link link = new Link(true);

  /** A connection to a relay that takes every frame ({@code accepts}) or none, and answers nothing itself. */
  private static final class Link implements RelayLink {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final boolean accepts;

    Link(boolean accepts) {
      this.accepts = accepts;
    }

    @Override
    public boolean trySend(String frame) {
      if (accepts) {
        sent.add(frame);
      }
      return accepts;
    }
  }

  /** One exchange of each kind, pending on {@link #link}. */
  private record OneOfEach(PendingCall call, CompletableFuture<DeliveredFrames.Incoming> request,
      String requestToken, CompletableFuture<List<CallOutcome<String>>> fanOut, String probeToken) {}

  private OneOfEach openOneOfEach() {
    PendingCall call = calls.open("call", "work", "peer=", String.class, link);
    CompletableFuture<DeliveredFrames.Incoming> request =
        requests.send(link, Action.JOIN, Fields.GROUP, "workers", null, false);
    CompletableFuture<List<CallOutcome<String>>> fanOut =
        fanOuts.open("fan", "workers", "work", String.class, TIMEOUT, TIMEOUT.toNanos(), link);
    scheduler.advance(PROBE_INTERVAL.plus(TICK)); // the call has waited long enough to probe its peer
    probes.scan();
    OneOfEach pending = new OneOfEach(call, request, tokenOf(RelayRequests.Request.class), fanOut,
        tokenOf(PeerProbes.Probe.class));
    assertEquals(List.of(1, 1, 1, 1), List.of(calls.size(), requests.waiting(), fanOuts.size(),
        probes.outstanding()), "calls, requests, fan-outs, probes pending");
    return pending;
  }

  private String tokenOf(Class<? extends PendingExchanges.Exchange> kind) {
    for (PendingExchanges.Exchange e : exchanges.all()) {
      if (kind.isInstance(e)) {
        return e.token();
      }
    }
    throw new AssertionError("no " + kind.getSimpleName() + " pending");
  }

  private DeliveredFrames.Incoming frame(String from, String payload) throws Exception {
    return DeliveredFrames.payload(from, mapper.readTree(payload));
  }

  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    assertTrue(future.isDone(), "still pending");
    try {
      future.get(0, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("succeeded: " + future.join());
  }

  private void assertTableEmpty() {
    assertEquals(0, exchanges.size(), "left in the table: " + List.copyOf(exchanges.all()));
  }

  // ------------------------------------------------------------------------------------ timeouts on the clock

  @Test
  void aCallTimesOutOnTheClientsClock() throws Exception {
    PendingCall call = calls.open("c1", "slow", "peer=", String.class, link);
    scheduler.advance(TIMEOUT.minus(TICK));
    assertFalse(call.isDone(), "timed out before its time");
    scheduler.advance(TICK);
    CallTimeoutException e = assertInstanceOf(CallTimeoutException.class, failure(call));
    assertEquals(TIMEOUT, e.timeout());
    assertTableEmpty();
    calls.onAck(frame("peer=", "{\"type\":\"ACK\",\"token\":\"c1\",\"ret\":\"late\"}"));
    assertTrue(call.isCompletedExceptionally(), "a late reply changed a call that timed out");
  }

  @Test
  void aRelayRequestTimesOutOnTheClientsClock() throws Exception {
    CompletableFuture<DeliveredFrames.Incoming> answer =
        requests.send(link, Action.MEMBERS, Fields.GROUP, "workers", null, false);
    scheduler.advance(TIMEOUT.minus(TICK));
    assertFalse(answer.isDone(), "timed out before its time");
    scheduler.advance(TICK);
    Throwable e = assertInstanceOf(TimeoutException.class, failure(answer));
    assertTrue(e.getMessage().contains("'members' of 'workers'"), e.getMessage());
    assertTableEmpty();
  }

  @Test
  void aFanOutTimesOutWithTheRepliesItHasAndTimeoutsForTheSilentMembers() throws Exception {
    CompletableFuture<List<CallOutcome<String>>> outcomes =
        fanOuts.open("f1", "workers", "work", String.class, TIMEOUT, TIMEOUT.toNanos(), link);
    FanOuts.FanOut fanOut = (FanOuts.FanOut) exchanges.get("f1");
    fanOuts.onRelayFrame(frame("$relay", "{\"type\":\"FANOUT\",\"token\":\"f1\",\"ret\":{\"delivered\":["
        + "{\"id\":\"m1=\",\"names\":[]},{\"id\":\"m2=\",\"names\":[]}],\"failed\":[]}}"), fanOut);
    fanOuts.onReply(fanOut, frame("m1=", "{\"type\":\"ACK\",\"token\":\"f1\",\"ret\":\"done\"}"));
    scheduler.advance(TIMEOUT.minus(TICK));
    assertFalse(outcomes.isDone(), "timed out before its time");
    scheduler.advance(TICK);
    assertTrue(outcomes.isDone(), "not timed out at its deadline");
    List<CallOutcome<String>> out = outcomes.join();
    assertEquals(2, out.size());
    assertEquals("m1=", out.get(0).member().id());
    assertEquals("done", out.get(0).value());
    assertEquals("m2=", out.get(1).member().id());
    assertInstanceOf(CallTimeoutException.class, out.get(1).failure());
    assertTableEmpty();
  }

  @Test
  void anUnansweredProbeIsForgottenOnTheClockSoThePeerIsProbedAgain() {
    PendingCall call = calls.open("c1", "slow", "peer=", String.class, link);
    scheduler.advance(PROBE_INTERVAL.plus(TICK));
    probes.scan();
    assertEquals(1, link.sent.size(), "no probe of a peer whose call waits longer than the interval");
    probes.scan();
    assertEquals(1, link.sent.size(), "probed again while the first probe is unanswered");
    Duration unanswered = PROBE_INTERVAL.multipliedBy(PeerProbes.INTERVALS_UNANSWERED);
    scheduler.advance(unanswered.minus(TICK));
    assertEquals(1, probes.outstanding(), "forgotten before its time");
    scheduler.advance(TICK);
    assertEquals(0, probes.outstanding(), "an unanswered probe is kept for ever");
    assertFalse(call.isDone(), "an unanswered probe says nothing of the peer: its calls wait on");
    probes.scan();
    assertEquals(2, link.sent.size(), "the peer is not probed again once its probe was forgotten");
    assertTrue(link.sent.get(1).startsWith("probe peer= ") && !link.sent.get(1).equals(link.sent.get(0)),
        link.sent.toString());
  }

  // ------------------------------------------------------------------------ nothing left behind, every kind

  @Test
  void everyKindLeavesTheTableEmptyWhenAnswered() throws Exception {
    OneOfEach pending = openOneOfEach();
    calls.onAck(frame("peer=", "{\"type\":\"ACK\",\"token\":\"call\",\"ret\":\"ok\"}"));
    assertTrue(requests.onRelayFrame(frame("$relay", "{\"type\":\"ACK\",\"token\":\"" + pending.requestToken()
        + "\"}")));
    FanOuts.FanOut fanOut = (FanOuts.FanOut) exchanges.get("fan");
    fanOuts.onRelayFrame(frame("$relay", "{\"type\":\"FANOUT\",\"token\":\"fan\",\"ret\":{\"delivered\":["
        + "{\"id\":\"m1=\",\"names\":[]}],\"failed\":[]}}"), fanOut);
    fanOuts.onReply(fanOut, frame("m1=", "{\"type\":\"ACK\",\"token\":\"fan\",\"ret\":\"done\"}"));
    assertTrue(probes.onConnected(pending.probeToken()));

    assertEquals("ok", pending.call().getNow(null));
    assertEquals("ACK", pending.request().getNow(null).type());
    assertEquals("done", pending.fanOut().getNow(null).get(0).value());
    assertTableEmpty();
  }

  @Test
  void everyKindLeavesTheTableEmptyWhenItFails() throws Exception {
    OneOfEach pending = openOneOfEach();
    // the relay says the probed peer is gone: the probe is answered, and the call to that peer fails with it
    assertTrue(probes.onRelayError(pending.probeToken(), "PEER_GONE", "gone"));
    fanOuts.onRelayFrame(frame("$relay", "{\"type\":\"ERR\",\"token\":\"fan\",\"error\":{\"code\":\"NOT_ALLOWED\","
        + "\"message\":\"no\"}}"), exchanges.get("fan"));
    // the request could not be answered: the relay refused it
    assertTrue(requests.onRelayFrame(frame("$relay", "{\"type\":\"ERR\",\"token\":\"" + pending.requestToken()
        + "\",\"error\":{\"code\":\"NOT_ALLOWED\",\"message\":\"no\"}}")));
    CompletableFuture<DeliveredFrames.Incoming> unsent =
        requests.send(new Link(false), Action.JOIN, Fields.GROUP, "workers", null, false);

    assertInstanceOf(PeerGoneException.class, failure(pending.call()));
    assertEquals("ERR", pending.request().getNow(null).type());
    assertEquals("NOT_ALLOWED", assertInstanceOf(RelayRejectedException.class, failure(pending.fanOut())).code());
    assertInstanceOf(IllegalStateException.class, failure(unsent));
    assertTableEmpty();
  }

  @Test
  void everyKindLeavesTheTableEmptyWhenItTimesOut() throws Exception {
    OneOfEach pending = openOneOfEach();
    scheduler.advance(TIMEOUT);

    assertInstanceOf(CallTimeoutException.class, failure(pending.call()));
    assertInstanceOf(TimeoutException.class, failure(pending.request()));
    assertInstanceOf(CallTimeoutException.class, failure(pending.fanOut()));
    assertTableEmpty();
    assertEquals(0, scheduler.scheduled(), "a sweep armed with nothing left to time out");
  }

  @Test
  void everyKindLeavesTheTableEmptyWhenItsConnectionCloses() throws Exception {
    OneOfEach pending = openOneOfEach();
    PendingCall elsewhere = calls.open("other", "work", "peer=", String.class, new Link(true));
    CompletableFuture<List<CallOutcome<String>>> awaitingConnection =
        fanOuts.open("later", "workers", "work", String.class, TIMEOUT, TIMEOUT.toNanos(), null);

    calls.failAll(link, "the relay closed the connection");

    assertTrue(failure(pending.call()).getMessage().contains("the relay closed the connection"));
    assertInstanceOf(ConnectionDroppedException.class, failure(pending.call()));
    assertInstanceOf(IllegalStateException.class, failure(pending.request()));
    assertInstanceOf(ConnectionDroppedException.class, failure(pending.fanOut()));
    assertNull(exchanges.get(pending.probeToken()), "the probe sent on the closed connection is kept");
    assertEquals(2, exchanges.size(), "only what went out on another connection, or none yet, is left");
    assertFalse(elsewhere.isDone() || awaitingConnection.isDone());

    calls.failAll(null, PendingExchanges.CLOSED_BY_CLIENT); // the client closes
    assertInstanceOf(ConnectionDroppedException.class, failure(elsewhere));
    assertInstanceOf(ConnectionDroppedException.class, failure(awaitingConnection));
    assertTableEmpty();
    // and whatever opens afterwards ends at once
    PendingCall late = calls.open("late", "work", "peer=", String.class, link);
    CompletableFuture<DeliveredFrames.Incoming> lateRequest =
        requests.send(link, Action.JOIN, Fields.GROUP, "workers", null, false);
    CompletableFuture<List<CallOutcome<String>>> lateFanOut =
        fanOuts.open("late-fan", "workers", "work", String.class, TIMEOUT, TIMEOUT.toNanos(), link);
    assertInstanceOf(ConnectionDroppedException.class, failure(late));
    assertInstanceOf(IllegalStateException.class, failure(lateRequest));
    assertInstanceOf(ConnectionDroppedException.class, failure(lateFanOut));
    assertTableEmpty();
  }

  @Test
  void cancelledByTheirCallersTheyLeaveTheTableEmpty() {
    OneOfEach pending = openOneOfEach();
    assertTrue(pending.call().cancel(false));
    assertTrue(pending.request().cancel(false));
    assertTrue(pending.fanOut().cancel(false));
    assertTrue(probes.throttled((PeerProbes.Probe) exchanges.get(pending.probeToken())));
    assertTableEmpty();
  }
}
