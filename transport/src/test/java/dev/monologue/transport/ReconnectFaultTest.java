package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.failure;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallContext;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.NotConnectedException;
import dev.monologue.ReconnectPolicy;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections that drop: the relay restarting, one connection cut, reconnect policies. */
class ReconnectFaultTest {
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void relayRestartedMidTrafficClientsComeBackWithNewIds() throws Exception {
    LocalRelay first = harness.relay(0);
    int port = first.port();
    FaultHarness.Events serverEvents = new FaultHarness.Events();
    FaultHarness.Events callerEvents = new FaultHarness.Events();
    MonologueClient server = harness.connected(options(first.endpoint()).connectionListener(serverEvents));
    MonologueClient caller = harness.client(options(first.endpoint()));
    caller.addConnectionListener(callerEvents);
    caller.connect();
    String serverId = server.id();
    String callerId = caller.id();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    server.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    server.on("echo", args -> args.get(0, String.class));
    try {
      assertEquals("a", await(caller.call(serverId, "echo", String.class, "a")));
      CompletableFuture<JsonNode> pending = caller.call(serverId, "hold");
      assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));

      long start = System.nanoTime();
      first.close();
      assertInstanceOf(ConnectionDroppedException.class, failure(pending));
      assertTrue(Awaits.millisSince(start) < 5_000, "pending calls fail at the drop, not at the timeout");
      assertEquals("down " + callerId, callerEvents.next());
      assertEquals("down " + serverId, serverEvents.next());

      harness.relay(port); // the same port, as a restarted relay
      String up = callerEvents.next();
      assertTrue(up.startsWith("up " + callerId + " "), up);
      String newCallerId = up.substring(up.lastIndexOf(' ') + 1);
      String serverUp = serverEvents.next();
      String newServerId = serverUp.substring(serverUp.lastIndexOf(' ') + 1);
      assertNotEquals(callerId, newCallerId);
      assertEquals(newCallerId, caller.id());
      assertEquals(newServerId, server.id());
      assertTrue(callerEvents.thread.startsWith("monologue-events-"), callerEvents.thread);

      assertEquals("b", await(caller.call(newServerId, "echo", String.class, "b")));
      assertEquals(newCallerId, caller.connect(), "connect() after a reconnect returns the current ID");
    } finally {
      release.countDown();
    }
  }

  @Test
  void callMadeWhileReconnectingWaitsAndIsSent() throws Exception {
    LocalRelay relay = harness.relay(0);
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient server = harness.connected(options(relay.endpoint()));
    server.on("echo", args -> args.get(0, String.class));
    // No jitter and a long first delay: the call below is certainly made while reconnecting.
    ReconnectPolicy slow = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(700)).jitter(0).build();
    MonologueClient caller = harness.connected(options(relay.endpoint()).reconnectPolicy(slow)
        .connectionListener(events));
    String callerId = caller.id();
    assertTrue(relay.disconnect(callerId));
    assertEquals("down " + callerId, events.next());
    assertThrows(IllegalStateException.class, caller::id);
    CompletableFuture<String> waiting = caller.call(server.id(), "echo", String.class, "later");
    assertFalse(waiting.isDone());
    assertEquals("later", await(waiting));
    assertTrue(events.next().startsWith("up " + callerId + " "));
  }

  @Test
  void aCallThatWaitedForTheConnectionTellsItsCalleeOnlyTheTimeItHasLeft() throws Exception {
    LocalRelay relay = harness.relay(0);
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient server = harness.connected(options(relay.endpoint()));
    AtomicReference<Optional<Duration>> left = new AtomicReference<>();
    server.on("left", args -> {
      left.set(CallContext.current().remaining());
      return "ok";
    });
    Duration timeout = Duration.ofSeconds(30);
    // The connection comes back 2 s after the drop, at the earliest: the call below waits at least a second of it.
    ReconnectPolicy slow = ReconnectPolicy.builder().initialDelay(Duration.ofSeconds(2)).jitter(0).build();
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(timeout).reconnectPolicy(slow)
        .connectionListener(events));
    long dropped = System.nanoTime();
    assertTrue(relay.disconnect(caller.id()));
    assertTrue(events.next().startsWith("down "));
    CompletableFuture<String> waiting = caller.call(server.id(), "left", String.class);
    long madeAfter = Awaits.millisSince(dropped);
    assertEquals("ok", await(waiting));
    Duration atCallee = left.get().orElseThrow(() -> new AssertionError("the call came without a deadline"));
    // sent when the connection was back, 2 s after the drop: the callee has at most the timeout less that wait
    Duration mostLeft = timeout.minusMillis(2_000 - madeAfter);
    assertTrue(atCallee.compareTo(mostLeft) <= 0, "the callee was told " + atCallee + " left, more than the "
        + mostLeft + " the call had when it was sent (the call was made " + madeAfter + " ms after the drop)");
    assertTrue(atCallee.compareTo(timeout.minusSeconds(20)) > 0, atCallee.toString());
  }

  @Test
  void failFastWhileDisconnectedRefusesCallsAtOnce() throws Exception {
    LocalRelay relay = harness.relay(0);
    FaultHarness.Events events = new FaultHarness.Events();
    ReconnectPolicy slow = ReconnectPolicy.builder().initialDelay(Duration.ofSeconds(5)).jitter(0).build();
    MonologueClient caller = harness.connected(options(relay.endpoint()).reconnectPolicy(slow)
        .failFastWhileDisconnected(true).connectionListener(events));
    assertTrue(relay.disconnect(caller.id()));
    events.next();
    CompletableFuture<JsonNode> refused = caller.call("peer", "m");
    // at once: failed before call returned, not after waiting for the connection (no clock: holds on any machine)
    assertTrue(refused.isDone(), "the call waits for the connection instead of being refused");
    NotConnectedException e = assertInstanceOf(NotConnectedException.class, failure(refused));
    assertTrue(e.getMessage().contains("failFastWhileDisconnected"), e.getMessage());
  }

  @Test
  void callWaitingForAReconnectFailsWithinItsTimeout() throws Exception {
    LocalRelay relay = harness.relay(0);
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(Duration.ofMillis(400))
        .connectionListener(events));
    relay.close(); // nothing to come back to
    events.next();
    long start = System.nanoTime();
    NotConnectedException e = assertInstanceOf(NotConnectedException.class, failure(caller.call("peer", "m")));
    long took = Awaits.millisSince(start);
    assertTrue(took >= 390 && took < 3_000, took + " ms");
    assertTrue(e.getMessage().contains("400 ms"), e.getMessage());
  }

  @Test
  void disabledReconnectLeavesTheClientDisconnectedUntilConnect() throws Exception {
    LocalRelay relay = harness.relay(0);
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient caller = harness.connected(options(relay.endpoint())
        .reconnectPolicy(ReconnectPolicy.disabled()).connectionListener(events));
    String id = caller.id();
    assertTrue(relay.disconnect(id));
    assertEquals("down " + id, events.next());
    assertInstanceOf(NotConnectedException.class, failure(caller.call("peer", "m")));
    assertNotEquals(id, caller.connect());
    assertEquals(null, events.seen.poll(200, TimeUnit.MILLISECONDS), "no reconnect event without a policy");
  }

  @Test
  void boundedReconnectGivesUpAndTellsTheListener() throws Exception {
    LocalRelay relay = harness.relay(0);
    FaultHarness.Events events = new FaultHarness.Events();
    ReconnectPolicy three = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(10))
        .maxDelay(Duration.ofMillis(40)).maxAttempts(3).build();
    MonologueClient caller = harness.connected(options(relay.endpoint()).reconnectPolicy(three)
        .connectionListener(events));
    String id = caller.id();
    relay.close();
    assertEquals("down " + id, events.next());
    assertEquals("gave-up " + id + " 3", events.next());
    NotConnectedException e = assertInstanceOf(NotConnectedException.class, failure(caller.call("peer", "m")));
    assertTrue(e.getMessage().contains("connect() first"), e.getMessage());
  }
}
