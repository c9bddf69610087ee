package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.failure;
import static dev.monologue.testsupport.Awaits.millisSince;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.MonologueOptions;
import dev.monologue.CallTimeoutException;
import dev.monologue.PeerGoneException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.testsupport.Awaits;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Peers that die, stall or are slow: callers learn fast, time out exactly, and are not held up by others. */
class LivenessFaultTest {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
  private final FaultHarness harness = new FaultHarness();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    harness.close();
  }

  private MonologueClient holdingServer(URI endpoint, CountDownLatch started) {
    return holdingServer(options(endpoint), started);
  }

  private MonologueClient holdingServer(MonologueOptions.Builder options, CountDownLatch started) {
    MonologueClient server = harness.connected(options);
    server.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
    });
    return server;
  }

  private MonologueClient caller(URI endpoint) {
    return caller(options(endpoint));
  }

  private MonologueClient caller(MonologueOptions.Builder options) {
    return harness.connected(options.timeout(CALL_TIMEOUT).probeInterval(Duration.ofMillis(100)));
  }

  @Test
  void calleeDisconnectedMidCallFailsItsCallersFast() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch started = new CountDownLatch(2);
    MonologueClient server = holdingServer(relay.endpoint(), started);
    MonologueClient caller = caller(relay.endpoint());
    String serverId = server.id();
    CompletableFuture<JsonNode> first = caller.call(serverId, "hold");
    CompletableFuture<JsonNode> second = caller.call(serverId, "hold");
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    long start = System.nanoTime();
    assertTrue(relay.disconnect(serverId)); // it reconnects, under a new ID: the calls to the old one are lost
    PeerGoneException gone = assertInstanceOf(PeerGoneException.class, failure(first));
    assertInstanceOf(PeerGoneException.class, failure(second));
    assertTrue(millisSince(start) < 3_000, "failed after " + millisSince(start) + " ms, the timeout is 20 s");
    assertEquals("hold", gone.method());
    assertEquals(serverId, gone.peer());
  }

  @Test
  void calleeClosedMidCallFailsItsCallersFast() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch started = new CountDownLatch(1);
    MonologueClient server = holdingServer(relay.endpoint(), started);
    MonologueClient caller = caller(relay.endpoint());
    CompletableFuture<JsonNode> pending = caller.call(server.id(), "hold");
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    long start = System.nanoTime();
    server.close();
    assertInstanceOf(PeerGoneException.class, failure(pending));
    assertTrue(millisSince(start) < 3_000, "failed after " + millisSince(start) + " ms");
  }

  @Test
  void calleeKilledMidCallBehindTheApiGatewayStandInFailsFast() throws Exception {
    AwsStandIn aws = harness.add(AwsStandIn.builder().start());
    CountDownLatch started = new CountDownLatch(1);
    MonologueClient server = holdingServer(options(aws), started);
    MonologueClient caller = caller(options(aws));
    String serverId = server.id();
    CompletableFuture<JsonNode> pending = caller.call(serverId, "hold");
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    long start = System.nanoTime();
    assertTrue(aws.disconnect(serverId));
    assertInstanceOf(PeerGoneException.class, failure(pending));
    assertTrue(millisSince(start) < 5_000, "failed after " + millisSince(start) + " ms");
  }

  @Test
  void stalledCalleeTimesOutExactlyAndProbesDoNotFailALivePeer() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch started = new CountDownLatch(1);
    MonologueClient server = holdingServer(relay.endpoint(), started);
    Duration timeout = Duration.ofMillis(600);
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(timeout)
        .probeInterval(Duration.ofMillis(50)));
    long start = System.nanoTime();
    CompletableFuture<JsonNode> pending = caller.call(server.id(), "hold");
    CallTimeoutException e = assertInstanceOf(CallTimeoutException.class, failure(pending));
    long took = millisSince(start);
    assertTrue(took >= timeout.toMillis(), "failed after " + took + " ms, before the timeout");
    assertTrue(took < timeout.toMillis() + 2_000, "failed after " + took + " ms");
    assertEquals(timeout, e.timeout());
    assertTrue(started.getCount() == 0, "the callee got the call");
  }

  @Test
  void blockingTypedCallToAStalledCalleeTimesOutNoEarlierThanItsTimeout() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = holdingServer(relay.endpoint(), new CountDownLatch(1));
    Duration timeout = Duration.ofMillis(500);
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(timeout));
    long start = System.nanoTime();
    CompletableFuture<Object> reply = caller.sender().send(server.id(), "hold", new Object[0], null, Object.class);
    CallTimeoutException e = assertInstanceOf(CallTimeoutException.class,
        assertThrowsRuntime(() -> caller.sender().await(reply, "hold", server.id())));
    assertTrue(millisSince(start) >= timeout.toMillis());
    assertEquals("hold", e.method());
  }

  @Test
  void slowHandlerDoesNotDelayOtherHandlersOrReplies() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch started = new CountDownLatch(3);
    MonologueClient server = holdingServer(relay.endpoint(), started);
    server.on("fast", args -> args.get(0, Integer.class) * 2);
    MonologueClient caller = caller(relay.endpoint());
    CompletableFuture<JsonNode> slow1 = caller.call(server.id(), "hold");
    CompletableFuture<JsonNode> slow2 = caller.call(server.id(), "hold");
    CompletableFuture<JsonNode> slow3 = caller.call(server.id(), "hold");
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    for (int i = 0; i < 50; i++) {
      long start = System.nanoTime();
      assertEquals(2 * i, await(caller.call(server.id(), "fast", Integer.class, i)));
      // blocked behind the held handlers it would never end; the bound only has to beat the 20 s call timeout
      assertTrue(millisSince(start) < 10_000, "a fast call took " + millisSince(start) + " ms");
    }
    assertFalse(slow1.isDone() || slow2.isDone() || slow3.isDone());
    release.countDown();
    assertEquals(true, await(slow1).asBoolean());
  }

  @Test
  void probeOfALivePeerIsAnsweredByTheRelayAndTheCallWaits() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch started = new CountDownLatch(1);
    MonologueClient server = holdingServer(relay.endpoint(), started);
    MonologueClient caller = harness.connected(options(relay.endpoint()).probeInterval(Duration.ofMillis(30)));
    CompletableFuture<JsonNode> pending = caller.call(server.id(), "hold");
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    // Several probe rounds pass; the relay answers each (connected), so the call stays pending.
    assertEquals(null, failOrNull(pending, Duration.ofMillis(300)));
    release.countDown();
    assertEquals(true, await(pending).asBoolean());
  }

  private static Throwable failOrNull(CompletableFuture<?> future, Duration wait) throws Exception {
    try {
      future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return new AssertionError("completed early");
    } catch (java.util.concurrent.TimeoutException e) {
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  private static RuntimeException assertThrowsRuntime(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected an exception");
  }
}
