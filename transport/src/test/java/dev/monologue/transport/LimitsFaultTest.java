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
import dev.monologue.MessageTooLargeException;
import dev.monologue.MonologueOptions;
import dev.monologue.RemoteFailureException;
import dev.monologue.TooManyCallsException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.FaultProxy;
import dev.monologue.testsupport.WebSocketFrameLog;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backpressure and size limits: clear errors before sending, fast OVERLOADED answers, large messages in fragments. */
class LimitsFaultTest {
  private final FaultHarness harness = new FaultHarness();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    harness.close();
  }

  private MonologueClient holdingServer(URI endpoint, CountDownLatch started, int queue) {
    MonologueClient server = harness.connected(options(endpoint).maxQueuedHandlerCalls(queue));
    server.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
    });
    return server;
  }

  @Test
  void callsPastTheInFlightLimitFailAtOnceNamingTheLimit() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch started = new CountDownLatch(2);
    MonologueClient server = holdingServer(relay.endpoint(), started, 100);
    MonologueClient caller = harness.connected(options(relay.endpoint()).maxCallsInFlight(2));
    CompletableFuture<JsonNode> a = caller.call(server.id(), "hold");
    CompletableFuture<JsonNode> b = caller.call(server.id(), "hold");
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    CompletableFuture<JsonNode> refused = caller.call(server.id(), "x");
    // at once: failed before call returned, not after waiting for a slot (no clock: holds on any machine)
    assertTrue(refused.isDone(), "the third call waits instead of being refused");
    TooManyCallsException e = assertInstanceOf(TooManyCallsException.class, failure(refused));
    assertEquals(2, e.limit());
    assertTrue(e.getMessage().contains("maxCallsInFlight") && e.getMessage().contains("x"), e.getMessage());
    release.countDown();
    await(a);
    await(b);
    assertEquals(0, caller.callSlotsInUse(), "slots are given back when calls complete");
  }

  @Test
  void callPastTheLimitWaitsForASlotWhenConfigured() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch started = new CountDownLatch(1);
    MonologueClient server = holdingServer(relay.endpoint(), started, 100);
    server.on("echo", args -> args.get(0, String.class));
    MonologueClient caller = harness.connected(options(relay.endpoint()).maxCallsInFlight(1).waitForCallSlot(true));
    CompletableFuture<JsonNode> held = caller.call(server.id(), "hold");
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    CompletableFuture<String> second = CompletableFuture.supplyAsync(
        () -> caller.call(server.id(), "echo", String.class, "next").join());
    assertFalse(second.isDone());
    release.countDown();
    assertEquals("next", await(second));
    await(held);
  }

  @Test
  void fullHandlerQueueIsAnsweredOverloadedAtOnce() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch started = new CountDownLatch(HandlerPool.THREADS);
    MonologueClient server = holdingServer(relay.endpoint(), started, 1);
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(30)));
    List<CompletableFuture<JsonNode>> busy = new ArrayList<>();
    for (int i = 0; i < HandlerPool.THREADS; i++) {
      busy.add(caller.call(server.id(), "hold"));
    }
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "every handler thread busy");
    CompletableFuture<JsonNode> queued = caller.call(server.id(), "hold");
    long start = System.nanoTime();
    CompletableFuture<JsonNode> refused = caller.call(server.id(), "hold");
    RemoteFailureException e = assertInstanceOf(RemoteFailureException.class, failure(refused));
    assertTrue(millisSince(start) < 5_000);
    assertEquals(RemoteFailureException.OVERLOADED, e.code());
    assertTrue(e.getMessage().contains("maxQueuedHandlerCalls"), e.getMessage());
    release.countDown();
    await(queued);
    for (CompletableFuture<JsonNode> f : busy) {
      await(f);
    }
  }

  @Test
  void requestOverTheSizeLimitFailsBeforeItIsSent() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()));
    server.on("len", args -> args.get(0, String.class).length());
    MonologueClient caller = harness.connected(options(relay.endpoint()));
    String callerId = caller.id();
    String big = "é".repeat(70_000); // 140,000 UTF-8 bytes but only 70,000 chars
    MessageTooLargeException e = assertInstanceOf(MessageTooLargeException.class,
        failure(caller.call(server.id(), "len", big)));
    assertEquals(131_072, e.limit());
    assertTrue(e.size() > 140_000 && e.size() < 140_200, "size " + e.size());
    assertTrue(e.getMessage().contains(String.valueOf(e.size())) && e.getMessage().contains("131072"),
        e.getMessage());
    assertEquals(0, caller.callSlotsInUse());
    // Nothing went out: the relay closes (1009) a connection that sends a message over the limit.
    assertEquals(3, caller.call(server.id(), "len", "abc").get(10, TimeUnit.SECONDS).asInt());
    assertEquals(callerId, caller.id(), "the same connection");
  }

  @Test
  void theLargestRequestDeliverableIsSentAndOneByteMoreIsRefusedThroughTheLocalRelay() throws Exception {
    deliveredSizeBoundary(options(harness.relay(0).endpoint()));
  }

  @Test
  void theLargestRequestDeliverableIsSentAndOneByteMoreIsRefusedThroughTheApiGatewayStandIn() throws Exception {
    deliveredSizeBoundary(options(harness.add(AwsStandIn.builder().start())));
  }

  /**
   * A request is refused when the relay's delivery of it, wrapped with the longest IDs, would be over the limit;
   * the largest one accepted arrives (API Gateway's {@code @connections} refuses over 128 KB with 413).
   */
  private void deliveredSizeBoundary(MonologueOptions.Builder options) throws Exception {
    MonologueClient server = harness.connected(options);
    server.on("len", args -> args.get(0, String.class).length());
    MonologueClient caller = harness.connected(options.timeout(Duration.ofSeconds(30)));
    int probe = 131_072;
    MessageTooLargeException over = assertInstanceOf(MessageTooLargeException.class,
        failure(caller.call(server.id(), "len", "x".repeat(probe))));
    int largest = probe - (int) (over.deliveredSize() - over.limit());

    assertEquals(largest, await(caller.call(server.id(), "len", "x".repeat(largest))).asInt(),
        "the largest request whose delivered form is within the limit arrives");
    MessageTooLargeException e = assertInstanceOf(MessageTooLargeException.class,
        failure(caller.call(server.id(), "len", "x".repeat(largest + 1))));
    assertEquals(131_072, e.limit());
    assertEquals(131_073, e.deliveredSize());
    assertTrue(e.size() <= 131_072, "as sent it is within the limit, " + e.size() + " bytes");
    assertTrue(e.getMessage().contains("Request of " + e.size() + " bytes becomes up to 131073 bytes as the relay"
        + " delivers it") && e.getMessage().contains("over the relay's limit of 131072 bytes")
        && e.getMessage().contains("Send at least 1 bytes less"), e.getMessage());
    assertEquals(0, caller.callSlotsInUse());
  }

  @Test
  void resultOverTheSizeLimitFailsTheCallerFast() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()));
    server.on("huge", args -> "x".repeat(200_000));
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(30)));
    long start = System.nanoTime();
    RemoteFailureException e = assertInstanceOf(RemoteFailureException.class,
        failure(caller.call(server.id(), "huge")));
    assertTrue(millisSince(start) < 5_000);
    assertTrue(e.getMessage().contains("over the relay's limit of 131072"), e.getMessage());
  }

  @Test
  void hundredKilobyteArgumentRoundTripsThroughTheLocalRelay() throws Exception {
    LocalRelay relay = harness.relay(0);
    roundTrip(relay.endpoint());
  }

  @Test
  void hundredKilobyteArgumentRoundTripsThroughTheApiGatewayStandIn() throws Exception {
    AwsStandIn aws = harness.add(AwsStandIn.builder().start());
    // Over wss:// a proxy sees only TLS records, so the frame sizes are checked on the local relay's test above.
    MonologueClient server = harness.connected(options(aws));
    server.on("echo", args -> args.get(0, String.class));
    MonologueClient caller = harness.connected(options(aws));
    String arg = hundredKilobytes();
    assertEquals(arg, await(caller.call(server.id(), "echo", String.class, arg)));
  }

  private static String hundredKilobytes() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 100 * 1024; i++) {
      sb.append(i % 7 == 0 ? "ü€" : "abc").append(i); // multi-byte characters across fragment boundaries
    }
    return sb.toString();
  }

  /**
   * Both clients reach the relay through a proxy that reads the WebSocket frames on the wire: every frame a client
   * sends is at most 32 KB (API Gateway's frame limit), and the 100 KB messages went out in several of them.
   */
  private void roundTrip(URI endpoint) throws Exception {
    WebSocketFrameLog wire = new WebSocketFrameLog(10_000);
    FaultProxy proxy = harness.add(FaultProxy.builder(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()))
        .observer(wire).start());
    URI through = proxy.endpoint(endpoint);
    MonologueClient server = harness.connected(options(through));
    server.on("echo", args -> args.get(0, String.class));
    MonologueClient caller = harness.connected(options(through));
    String arg = hundredKilobytes();
    assertTrue(dev.monologue.wire.Utf8.length(arg) > 3 * 32 * 1024);
    assertEquals(arg, await(caller.call(server.id(), "echo", String.class, arg)));
    List<WebSocketFrameLog.Frame> sent = wire.frames(FaultProxy.Direction.TO_TARGET);
    long largest = sent.stream().mapToLong(WebSocketFrameLog.Frame::payloadBytes).max().orElse(0);
    assertTrue(largest <= 32 * 1024, "a client sent a frame of " + largest + " bytes: " + sent);
    long continuations = sent.stream().filter(f -> f.opcode() == WebSocketFrameLog.Frame.CONTINUATION).count();
    assertTrue(continuations >= 2 * 3, "request and reply of over 96 KB each went out in at least 4 frames each,"
        + " 3 of them continuations; continuations seen: " + continuations);
  }
}
