package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.CallTimeoutException;
import dev.monologue.ClientInterceptor;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MessageTooLargeException;
import dev.monologue.MonologueOptions;
import dev.monologue.MonologueService;
import dev.monologue.ReconnectPolicy;
import dev.monologue.RemoteFailureException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientInterceptor#afterCall} hears every call exactly once, whatever its outcome, before the caller sees
 * it: success with trailers, remote failure, timeout, cancel, not sent, connection dropped; through {@code call},
 * typed stubs, {@code callAny} and {@code callAll}. Real relay on loopback.
 */
class CallEndInterceptorTest {
  @MonologueService("Echo")
  interface Echo {
    String echo(String value);
  }

  /** Records every end, and every call it saw begin. */
  static final class Recorder implements ClientInterceptor {
    final List<ClientInterceptor.OutgoingCall> begun = new ArrayList<>();
    final Map<ClientInterceptor.OutgoingCall, List<Object[]>> ends = new IdentityHashMap<>();

    @Override
    public synchronized void beforeSend(OutgoingCall call) {
      begun.add(call);
    }

    @Override
    public synchronized void afterCall(OutgoingCall call, Map<String, String> trailers, Throwable failure) {
      ends.computeIfAbsent(call, c -> new ArrayList<>()).add(new Object[] {trailers, failure});
    }

    @Override
    public synchronized void afterCallAll(OutgoingCall call, List<CallOutcome<?>> outcomes) {
      ends.computeIfAbsent(call, c -> new ArrayList<>()).add(new Object[] {outcomes, null});
    }

    /** The one end of the only call seen, checking that every call begun ended exactly once. */
    synchronized Object[] onlyEnd() {
      assertEquals(1, begun.size(), "calls seen");
      List<Object[]> end = ends.get(begun.get(0));
      assertTrue(end != null, "the call's end was not told");
      assertEquals(1, end.size(), "times the call's end was told");
      return end.get(0);
    }

    synchronized Throwable onlyFailure() {
      return (Throwable) onlyEnd()[1];
    }
  }

  private final FaultHarness harness = new FaultHarness();
  private final CountDownLatch never = new CountDownLatch(1);
  private final Recorder recorder = new Recorder();
  private LocalRelay relay;
  private MonologueClient server;
  private MonologueClient caller;

  @BeforeEach
  void start() {
    relay = harness.relay(0);
    server = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(60)));
    server.on("ok", args -> {
      CallContext.current().trailer("served-by", "s1");
      return "fine";
    });
    server.on("fails", args -> {
      throw new IllegalStateException("no stock");
    });
    server.on("blocks", args -> never.await(60, TimeUnit.SECONDS));
    server.register(Echo.class, value -> value + "!");
    server.join("workers");
    caller = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(60)).clientInterceptor(recorder));
  }

  @AfterEach
  void stop() {
    never.countDown();
    harness.close();
  }

  @Test
  void aSuccessIsToldWithItsTrailersBeforeTheCallerSeesIt() throws Exception {
    assertEquals("fine", Awaits.await(caller.call(server.id(), "ok", String.class)));

    Object[] end = recorder.onlyEnd(); // no wait: told before the caller saw the reply
    assertEquals(Map.of("served-by", "s1"), end[0]);
    assertNull(end[1]);
  }

  @Test
  void aRemoteFailureIsTold() throws Exception {
    Throwable seen = Awaits.failure(caller.call(server.id(), "fails", String.class));

    assertInstanceOf(RemoteFailureException.class, seen);
    assertSame(seen, recorder.onlyFailure());
  }

  @Test
  void aTimeoutIsTold() throws Exception {
    Throwable seen = Awaits.failure(caller.withOptions(CallOptions.builder().timeout(Duration.ofMillis(300)).build())
        .call(server.id(), "blocks", String.class));

    assertInstanceOf(CallTimeoutException.class, seen);
    assertSame(seen, recorder.onlyFailure());
  }

  @Test
  void aCancelIsToldOnTheCancellingThread() {
    CompletableFuture<String> call = caller.call(server.id(), "blocks", String.class);

    assertTrue(call.cancel(true));

    assertInstanceOf(CancellationException.class, recorder.onlyFailure());
  }

  @Test
  void aCallNeverSentIsTold() throws Exception {
    String large = "x".repeat(MonologueOptions.DEFAULT_MAX_MESSAGE_BYTES);

    Throwable seen = Awaits.failure(caller.call(server.id(), "ok", String.class, large));

    assertInstanceOf(MessageTooLargeException.class, seen);
    assertSame(seen, recorder.onlyFailure());
  }

  @Test
  void anInterceptorThatEndsTheCallAndThoseBeforeItHearItsEnd() throws Exception {
    Recorder first = new Recorder();
    Recorder last = new Recorder();
    IllegalStateException refusal = new IllegalStateException("no credentials");
    MonologueClient refusing = harness.connected(options(relay.endpoint()).clientInterceptor(first)
        .clientInterceptor(call -> {
          throw refusal;
        }).clientInterceptor(last));

    assertSame(refusal, Awaits.failure(refusing.call(server.id(), "ok", String.class)));

    assertSame(refusal, first.onlyFailure());
    assertTrue(last.begun.isEmpty() && last.ends.isEmpty(), "an interceptor after the refusal saw the call");
  }

  @Test
  void aDroppedConnectionIsTold() throws Exception {
    CompletableFuture<String> call = caller.call(server.id(), "blocks", String.class);
    Awaits.eventually("the call is pending", () -> caller.pendingCalls() == 1);

    caller.close();

    Throwable seen = Awaits.failure(call);
    assertInstanceOf(ConnectionDroppedException.class, seen);
    assertSame(seen, recorder.onlyFailure());
  }

  @Test
  void aCallMadeWhileReconnectingIsToldOnce() throws Exception {
    FaultHarness.Events events = new FaultHarness.Events();
    // no jitter and a long first delay: the call below is certainly made while reconnecting
    ReconnectPolicy slow = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(700)).jitter(0).build();
    MonologueClient reconnecting = harness.connected(options(relay.endpoint()).reconnectPolicy(slow)
        .connectionListener(events).clientInterceptor(recorder));
    assertTrue(relay.disconnect(reconnecting.id()));
    events.next();

    CompletableFuture<String> waiting = reconnecting.call(server.id(), "ok", String.class);

    assertEquals("fine", Awaits.await(waiting));
    synchronized (recorder) {
      List<Object[]> told = recorder.ends.get(recorder.begun.get(0));
      assertEquals(1, told.size(), "times the end of a call sent after reconnecting was told");
      assertNull(told.get(0)[1]);
    }
  }

  @Test
  void aTypedStubsCallIsTold() {
    Echo generated = caller.stub(server.id(), Echo.class);

    assertEquals("hi!", generated.echo("hi"));

    assertNull(recorder.onlyFailure());
    assertEquals("Echo.echo", recorder.begun.get(0).method());
  }

  @Test
  void aCallAnyIsTold() throws Exception {
    assertEquals("fine", Awaits.await(caller.callAny("workers", "ok", String.class)));

    Object[] end = recorder.onlyEnd();
    assertEquals(Map.of("served-by", "s1"), end[0]);
    assertEquals("@workers", recorder.begun.get(0).peer());
  }

  @Test
  void aCallAllIsToldOnceWithItsOutcomesPerMemberEachWithItsTrailers() throws Exception {
    MonologueClient second = harness.connected(options(relay.endpoint()));
    second.on("ok", args -> {
      CallContext.current().trailer("served-by", "s2");
      throw new IllegalStateException("second refuses");
    });
    second.join("workers");

    List<CallOutcome<String>> outcomes = Awaits.await(caller.callAll("workers", "ok", String.class));

    Object[] end = recorder.onlyEnd();
    assertEquals(outcomes, end[0]);
    assertEquals(2, outcomes.size());
    for (CallOutcome<String> o : outcomes) {
      boolean first = o.member().id().equals(server.id());
      assertEquals(Map.of("served-by", first ? "s1" : "s2"), o.trailers(), "the trailers of " + o);
      assertEquals(first, o.succeeded(), o.toString());
    }
    assertTrue(recorder.begun.get(0).toAllMembers());
  }

  @Test
  void aCallAllThatFailsAsAWholeIsToldItsFailure() throws Exception {
    CompletableFuture<List<CallOutcome<String>>> all = caller.callAll("workers", "blocks", String.class);

    assertTrue(all.cancel(true));

    assertInstanceOf(CancellationException.class, recorder.onlyFailure());
    caller.close();
    Throwable notSent = Awaits.failure(caller.callAll("workers", "ok", String.class));
    synchronized (recorder) {
      assertEquals(2, recorder.begun.size());
      assertSame(notSent, recorder.ends.get(recorder.begun.get(1)).get(0)[1]);
      assertEquals(1, recorder.ends.get(recorder.begun.get(1)).size());
    }
  }

  @Test
  void aCallFailingToEncodeIsTold() {
    Object unencodable = new Object() {
      public Object getSelf() {
        return this;
      }
    };

    assertThrows(IllegalArgumentException.class, () -> caller.call(server.id(), "ok", String.class, unencodable));

    assertInstanceOf(IllegalArgumentException.class, recorder.onlyFailure());
  }
}
