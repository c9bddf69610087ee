package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.failure;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallOutcome;
import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MonologueOptions;
import dev.monologue.NotConnectedException;
import dev.monologue.PeerBusyException;
import dev.monologue.TooManyCallsException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code callAll} behaves like {@code call}: closing, call slots, cancelling. Real relays on loopback. */
class GroupCallsTest {
  private static final Duration LONG = Duration.ofSeconds(60);

  private final FaultHarness harness = new FaultHarness();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    harness.close();
  }

  /** A member of {@code group} whose "hold" handler answers only once {@link #release} opens. */
  private MonologueClient slowMember(LocalRelay relay, String group) {
    MonologueClient member = harness.connected(options(relay.endpoint()));
    member.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
    });
    member.join(group);
    return member;
  }

  @Test
  void closeFailsAPendingCallAllAsItFailsAPendingCall() throws Exception {
    LocalRelay relay = harness.relay(0);
    slowMember(relay, "slow");
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(LONG));
    CompletableFuture<List<CallOutcome<Boolean>>> all = caller.callAll("slow", "hold", Boolean.class);
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the member got the call");

    long start = System.nanoTime();
    caller.close();
    ConnectionDroppedException e = assertInstanceOf(ConnectionDroppedException.class, failure(all));
    assertTrue(Awaits.millisSince(start) < 5_000, "failed at close, not at the timeout");
    assertTrue(e.getMessage().contains("closed by this client"), e.getMessage());
    assertTrue(e.getMessage().contains("hold"), e.getMessage());
    assertEquals(failure(caller.call("x", "hold")).getClass(),
        failure(caller.callAll("slow", "hold", Boolean.class)).getClass(), "after close, as a call fails");
  }

  @Test
  void aCallAllTakesOneCallSlotFreedWhenItSucceedsTimesOutIsCancelledOrClosed() throws Exception {
    LocalRelay relay = harness.relay(0);
    for (int i = 0; i < 3; i++) {
      MonologueClient quick = harness.connected(options(relay.endpoint()));
      quick.on("echo", args -> args.get(0, String.class));
      quick.join("quick");
    }
    slowMember(relay, "slow");
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(2))
        .maxCallsInFlight(1));

    // success: three members answered, one slot taken and given back
    List<CallOutcome<String>> echoed = await(caller.callAll("quick", "echo", String.class, "hi"));
    assertEquals(3, echoed.size(), echoed.toString());
    echoed.forEach(o -> assertEquals("hi", o.value()));
    assertEquals(0, caller.callSlotsInUse());

    // timeout: the slot is held while the member is silent, so a second callAll or call finds none
    CompletableFuture<List<CallOutcome<Boolean>>> held = caller.callAll("slow", "hold", Boolean.class);
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the member got the call");
    assertEquals(1, caller.callSlotsInUse());
    assertInstanceOf(TooManyCallsException.class, failure(caller.callAll("quick", "echo", String.class, "x")));
    assertInstanceOf(TooManyCallsException.class, failure(caller.call("anyone", "echo")));
    List<CallOutcome<Boolean>> late = await(held);
    assertInstanceOf(CallTimeoutException.class, late.get(0).failure());
    assertEquals(0, caller.callSlotsInUse());

    // cancel: the wait ends and the slot comes back at once, long before the timeout
    MonologueClient patient = harness.connected(options(relay.endpoint()).timeout(LONG).maxCallsInFlight(1));
    CompletableFuture<List<CallOutcome<Boolean>>> cancelled = patient.callAll("slow", "hold", Boolean.class);
    assertEquals(1, patient.callSlotsInUse());
    assertTrue(cancelled.cancel(false));
    assertEquals(0, patient.callSlotsInUse(), "cancelling frees the slot");
    assertEquals(0, patient.fanOutsInFlight(), "cancelling ends the fan-out");
    assertEquals(3, await(patient.callAll("quick", "echo", String.class, "y")).size(), "the slot is usable again");

    // close: the slot comes back too
    CompletableFuture<List<CallOutcome<Boolean>>> closed = patient.callAll("slow", "hold", Boolean.class);
    assertEquals(1, patient.callSlotsInUse());
    patient.close();
    assertInstanceOf(ConnectionDroppedException.class, failure(closed));
    assertEquals(0, patient.callSlotsInUse(), "closing frees the slot");
  }

  @Test
  void repliesThatCameBeforeALateReportAreTheOutcomes() throws Exception {
    LocalRelay relay = harness.relay(0);
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      MonologueClient quick = harness.connected(options(relay.endpoint()));
      quick.on("echo", args -> args.get(0, String.class) + " from " + quick.id());
      quick.join("pair");
      members.add(quick.id());
    }
    // the caller's socket holds the relay's FANOUT report back: it comes after the timeout, as from a relay still
    // posting to a large group
    BlockingQueue<String> heldReports = new LinkedBlockingQueue<>();
    MonologueOptions callerOptions = options(relay.endpoint()).timeout(Duration.ofSeconds(3)).build();
    RelaySocketFactory real = RelaySocketFactory.webSocket(callerOptions.endpoint(), null,
        callerOptions.connectTimeout(), WebSocketRelaySocket.incomingLimit(callerOptions.maxMessageBytes()), null);
    MonologueClient caller = harness.add(new MonologueClient(callerOptions,
        listener -> real.open(new ReportHolder(listener, heldReports))));
    caller.connect();

    List<CallOutcome<String>> outcomes = await(caller.callAll("pair", "echo", String.class, "hi"));
    assertTrue(heldReports.poll(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS).contains("FANOUT"),
        "the report was held back");
    Map<String, String> byMember = new HashMap<>();
    outcomes.forEach(o -> byMember.put(o.member().id(), o.value()));
    Map<String, String> expected = new HashMap<>();
    members.forEach(id -> expected.put(id, "hi from " + id));
    assertEquals(expected, byMember, outcomes.toString());
  }

  @Test
  void aMemberTheRelayFoundBusyIsAPeerBusyOutcomeAsForACall() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient member = harness.connected(options(relay.endpoint()));
    member.on("echo", args -> args.get(0, String.class));
    member.join("busy");
    // the caller's socket rewrites the relay's report as from a relay whose queue to the member was full
    MonologueOptions callerOptions = options(relay.endpoint()).timeout(Duration.ofSeconds(20)).build();
    RelaySocketFactory real = RelaySocketFactory.webSocket(callerOptions.endpoint(), null,
        callerOptions.connectTimeout(), WebSocketRelaySocket.incomingLimit(callerOptions.maxMessageBytes()), null);
    MonologueClient caller = harness.add(new MonologueClient(callerOptions,
        listener -> real.open(new ReportRewriter(listener))));
    caller.connect();

    List<CallOutcome<String>> outcomes = await(caller.callAll("busy", "echo", String.class, "hi"));
    assertEquals(1, outcomes.size(), outcomes.toString());
    assertEquals(member.id(), outcomes.get(0).member().id());
    PeerBusyException busy = assertInstanceOf(PeerBusyException.class, outcomes.get(0).failure());
    assertTrue(busy.getMessage().contains("echo") && busy.getMessage().contains("busy"), busy.getMessage());
  }

  /** Rewrites each FANOUT report: every member reached is reported not delivered, PEER_BUSY. */
  private record ReportRewriter(RelaySocket.Listener next) implements RelaySocket.Listener {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
        new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public void onOpen() {
      next.onOpen();
    }

    @Override
    public void onText(String text) {
      if (!text.contains("\"FANOUT\"")) {
        next.onText(text);
        return;
      }
      try {
        com.fasterxml.jackson.databind.node.ObjectNode frame =
            (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(text);
        com.fasterxml.jackson.databind.node.ObjectNode ret = (com.fasterxml.jackson.databind.node.ObjectNode)
            frame.get("payload").get("ret");
        com.fasterxml.jackson.databind.node.ArrayNode failed = ret.putArray("failed");
        for (com.fasterxml.jackson.databind.JsonNode m : ret.get("delivered")) {
          failed.addObject().put("id", m.get("id").asText()).put("code", "PEER_BUSY");
        }
        ret.putArray("delivered");
        next.onText(MAPPER.writeValueAsString(frame));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void onClosed(int code, String reason, boolean remote) {
      next.onClosed(code, reason, remote);
    }

    @Override
    public void onError(Exception error) {
      next.onError(error);
    }
  }

  /** Passes the relay's frames on, except FANOUT reports, which it keeps. */
  private record ReportHolder(RelaySocket.Listener next, BlockingQueue<String> held) implements RelaySocket.Listener {
    @Override
    public void onOpen() {
      next.onOpen();
    }

    @Override
    public void onText(String text) {
      if (text.contains("\"FANOUT\"")) {
        held.add(text);
      } else {
        next.onText(text);
      }
    }

    @Override
    public void onClosed(int code, String reason, boolean remote) {
      next.onClosed(code, reason, remote);
    }

    @Override
    public void onError(Exception error) {
      next.onError(error);
    }
  }

  @Test
  void aCallAllMadeWhileReconnectingWaitsForTheConnectionWithinItsTimeout() throws Exception {
    LocalRelay first = harness.relay(0);
    int port = first.port();
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient member = harness.connected(options(first.endpoint()).timeout(Duration.ofSeconds(20))
        .connectionListener(events));
    member.on("echo", args -> args.get(0, String.class) + " from " + member.id());
    member.join("self"); // rejoined on the new connection before calls go out on it
    FaultHarness.Events impatientEvents = new FaultHarness.Events();
    MonologueClient impatient = harness.connected(options(first.endpoint()).timeout(Duration.ofSeconds(1))
        .connectionListener(impatientEvents));
    String oldId = member.id();

    first.close();
    assertEquals("down " + oldId, events.next());
    impatientEvents.next();
    CompletableFuture<List<CallOutcome<String>>> all = member.callAll("self", "echo", String.class, "back");
    NotConnectedException late = assertInstanceOf(NotConnectedException.class,
        failure(impatient.callAll("self", "echo", String.class, "x")));
    assertTrue(late.getMessage().contains("within the call's timeout"), late.getMessage());
    assertFalse(all.isDone(), "waits for the connection: " + all);

    harness.relay(port); // the relay restarted
    List<CallOutcome<String>> outcomes = await(all);
    assertEquals(1, outcomes.size(), outcomes.toString());
    assertEquals("back from " + member.id(), outcomes.get(0).value());
    assertEquals(0, member.callSlotsInUse());
  }
}
