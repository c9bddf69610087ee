package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.eventually;
import static dev.monologue.testsupport.Awaits.failure;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectFailedException;
import dev.monologue.RelayRejectedException;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.testsupport.Awaits;
import dev.monologue.wire.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * API Gateway's and Lambda's throttles, as a caller meets them through the stand-in and the real relay handler: the
 * stage's token bucket, the function's reserved concurrency, and the account's new-connection rate.
 */
class StandInThrottleTest {
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aBurstOverTheStageBurstFailsExactlyTheThrottledCallsAtOnce() throws Exception {
    int burst = 12;
    int calls = 30;
    // a bucket that hardly refills: the burst alone decides which messages pass
    AwsStandIn aws = harness.add(AwsStandIn.builder().stageThrottle(0.001, burst).start());
    MonologueClient server = harness.connected(options(aws));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger served = new AtomicInteger();
    server.on("echo", args -> {
      served.incrementAndGet();
      release.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS); // replies wait until the stage has room again
      return args.get(0, Integer.class);
    });
    // no liveness probes: they are messages too, and would take tokens meant for the calls
    MonologueClient caller = harness.connected(options(aws).timeout(Duration.ofSeconds(20))
        .probeInterval(Duration.ZERO));
    long throttledBefore = aws.throttledMessages();
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      sent.add(caller.call(server.id(), "echo", Integer.class, i));
    }
    eventually("API Gateway throttles the calls over the burst", () -> aws.throttledMessages() > throttledBefore
        && caller.throttleFrames() == aws.throttledMessages() - throttledBefore);
    int throttled = (int) (aws.throttledMessages() - throttledBefore);
    int passed = calls - throttled;
    assertTrue(passed > 0 && passed <= burst, "at most the burst passes, was " + passed);
    // the throttled calls have failed before any reply could come: at once, each with THROTTLED
    eventually("the throttled calls fail", () -> sent.stream().filter(CompletableFuture::isDone).count() == throttled);
    for (int i = passed; i < calls; i++) {
      RelayRejectedException e = assertInstanceOf(RelayRejectedException.class, failure(sent.get(i)),
          "call " + i + " of " + calls + " was throttled (" + passed + " passed)");
      assertEquals(ErrorCode.THROTTLED.wire(), e.code());
      assertEquals("echo", e.method());
      assertEquals(server.id(), e.peer());
      assertTrue(e.getMessage().contains("throttled a message from this machine")
          && e.getMessage().contains("likeliest") && e.getMessage().contains("may not have been delivered")
          && e.getMessage().contains("ThrottlingRateLimit"), e.getMessage());
    }
    for (int i = 0; i < passed; i++) {
      assertFalse(sent.get(i).isDone(), "call " + i + " passed and waits for its reply");
    }
    eventually("the passed calls reach the server", () -> served.get() == passed);
    aws.updateStageThrottle(1000, 1000); // room for the replies
    release.countDown();
    for (int i = 0; i < passed; i++) {
      assertEquals(i, await(sent.get(i)), "a call that passed returns its value");
    }
    assertEquals(passed, served.get(), "a throttled call never reached the server");
    assertEquals(throttled, aws.throttledMessages() - throttledBefore, "only the calls were throttled");
  }

  @Test
  void callsUnderTheSteadyRatePassThoughTheyOutnumberTheBurst() throws Exception {
    // 50 messages a second, 20 at once (room for replies bunched by a second's pause of the machine); 40 calls, 80
    // messages with their replies, at 25 messages a second at most
    AwsStandIn aws = harness.add(AwsStandIn.builder().stageThrottle(50, 20).start());
    MonologueClient server = harness.connected(options(aws));
    server.on("echo", args -> args.get(0, Integer.class));
    MonologueClient caller = harness.connected(options(aws).probeInterval(Duration.ZERO));
    int calls = 40;
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    CountDownLatch allSent = new CountDownLatch(calls);
    ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    try {
      // with a fixed delay, a late tick never catches up in a burst: the pace stays under the rate
      ScheduledFuture<?> ticks = pace.scheduleWithFixedDelay(() -> {
        if (allSent.getCount() > 0) {
          sent.add(caller.call(server.id(), "echo", Integer.class, sent.size()));
          allSent.countDown();
        }
      }, 0, 80, TimeUnit.MILLISECONDS);
      assertTrue(allSent.await(Awaits.WAIT.toMillis() * 2, TimeUnit.MILLISECONDS), "all calls sent");
      ticks.cancel(false);
    } finally {
      pace.shutdownNow();
    }
    for (int i = 0; i < calls; i++) {
      assertEquals(i, await(sent.get(i)), "call " + i + " under the steady rate returns its value");
    }
    assertEquals(0, aws.throttledMessages(), "nothing was throttled under the steady rate");
    assertEquals(0, caller.throttleFrames());
  }

  @Test
  void aThrottledKeepAliveProvesTheConnectionAliveAndFailsNoCall() throws Exception {
    // the bucket holds the whoami of the connect, then hardly refills: every keep-alive is throttled
    AwsStandIn aws = harness.add(AwsStandIn.builder().stageThrottle(0.001, 1).start());
    MonologueClient client = harness.connected(options(aws).timeout(Duration.ofSeconds(1))
        .keepAliveInterval(Duration.ofMillis(200)).probeInterval(Duration.ZERO));
    String id = client.id();
    // past the echo timeout (1 s) of the first ones: unanswered keep-alives would have dropped the connection
    eventually("keep-alives are throttled, and answered so", () -> client.keepAlivesThrottled() >= 8);
    assertEquals(client.throttleFrames(), client.keepAlivesThrottled(), "every throttle frame was a keep-alive's");
    assertEquals(0, client.keepAliveCounts()[1], "no echo came");
    assertEquals(id, client.id(), "the connection stays");
    assertEquals(0, client.pendingCalls());
  }

  @Test
  void aThrottledProbeFailsNoCallThatPassed() throws Exception {
    // room for the two connects' whoami and one call; then every probe of the waiting call's peer is throttled
    AwsStandIn aws = harness.add(AwsStandIn.builder().stageThrottle(0.001, 3).start());
    MonologueClient server = harness.connected(options(aws));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    MonologueClient caller = harness.connected(options(aws).timeout(Duration.ofSeconds(20))
        .probeInterval(Duration.ofMillis(200)));
    try {
      CompletableFuture<Boolean> call = caller.call(server.id(), "hold", Boolean.class);
      assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the call passed");
      eventually("probes of the waiting call's peer are throttled", () -> caller.throttleFrames() >= 3);
      assertFalse(call.isDone(), "a throttled probe fails no call: " + call);
      aws.updateStageThrottle(1000, 1000); // room for the reply
      release.countDown();
      assertEquals(true, await(call), "the call that passed returns its value");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aConnectWhoseWhoamiIsThrottledSaysSo() throws Exception {
    AwsStandIn aws = harness.add(AwsStandIn.builder().stageThrottle(0.001, 1).start());
    harness.connected(options(aws)); // takes the one token
    MonologueClient late = harness.client(options(aws).connectTimeout(Duration.ofSeconds(2)));
    ConnectFailedException e = assertThrows(ConnectFailedException.class, late::connect);
    assertTrue(e.getMessage().contains("API Gateway throttled 1 of this machine's messages")
        && e.getMessage().contains("ThrottlingRateLimit"), e.getMessage());
  }

  @Test
  void anInvocationOverTheReservedConcurrencyCostsTheCallerAnInternalServerErrorFrame() throws Exception {
    // one invocation at a time; the first one's posts (the delivery, then its error back) get no answer, so it runs
    // on for 2 s (two attempt timeouts) while the second comes
    AwsStandIn aws = harness.add(AwsStandIn.builder().reservedConcurrency(1).start());
    MonologueClient server = harness.connected(options(aws));
    AtomicInteger served = new AtomicInteger();
    server.on("echo", args -> {
      served.incrementAndGet();
      return args.get(0, String.class);
    });
    // a whoami invocation may still be finishing after its echo arrived, holding the one slot: connect in turn
    eventually("the server's connect invocation has ended", () -> aws.runningInvocations() == 0);
    MonologueClient caller = harness.connected(options(aws).timeout(Duration.ofSeconds(2))
        .probeInterval(Duration.ZERO));
    eventually("the caller's connect invocation has ended", () -> aws.runningInvocations() == 0);
    aws.stallNextPosts(2);
    CompletableFuture<String> running = caller.call(server.id(), "echo", String.class, "running");
    eventually("the first call's invocation runs", () -> aws.runningInvocations() == 1);
    CompletableFuture<String> throttled = caller.call(server.id(), "echo", String.class, "throttled");
    eventually("Lambda throttles the second invocation", () -> aws.throttledInvocations() == 1);
    eventually("API Gateway sends the caller its error frame", () -> caller.gatewayErrors() >= 1);
    // the frame names no call: the call ends at its timeout, never reaching the server
    assertInstanceOf(CallTimeoutException.class, failure(throttled));
    assertInstanceOf(CallTimeoutException.class, failure(running), "its delivery and error frame got no answer");
    assertEquals(0, served.get(), "no invocation delivered either call");
    assertEquals(1, aws.throttledInvocations(), "one invocation was throttled");
    assertEquals(0, aws.throttledMessages(), "the stage throttle had room: Lambda throttled");
    assertEquals(0, caller.throttleFrames(), "no throttle frame: API Gateway only says the integration failed");
  }

  @Test
  void aConnectOverTheNewConnectionRateFailsClearly() throws Exception {
    AwsStandIn aws = harness.add(AwsStandIn.builder().newConnectionsPerSecond(1).start());
    int clients = 4;
    ExecutorService connecting = Executors.newFixedThreadPool(clients);
    List<CompletableFuture<String>> connects = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        MonologueClient client = harness.client(options(aws));
        connects.add(CompletableFuture.supplyAsync(client::connect, connecting));
      }
      // at once, four connects to a bucket of one that refills once a second: some are refused
      ConnectFailedException refused = null;
      for (CompletableFuture<String> connect : connects) {
        try {
          await(connect, Duration.ofSeconds(30));
        } catch (java.util.concurrent.ExecutionException e) {
          refused = assertInstanceOf(ConnectFailedException.class, e.getCause());
        }
      }
      assertTrue(refused != null, "a connect over the rate fails");
      assertTrue(refused.getMessage().contains("HTTP 429") && refused.getMessage().contains("new WebSocket"
          + " connections a second"), refused.getMessage());
      assertTrue(aws.throttledConnections() >= 1, "the stand-in counts the refused handshakes");
    } finally {
      connecting.shutdownNow();
    }
    assertThrows(IllegalArgumentException.class, () -> AwsStandIn.builder().newConnectionsPerSecond(0));
  }
}
