package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.eventually;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's keep-alive and planned renewal against API Gateway's connection limits, as the stand-in enforces
 * them (shortened here): API Gateway's mock answers the keep-alives, as template.yaml configures it, with no
 * invocation of the Lambda handler.
 */
class StandInConnectionLimitsTest {
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void keepAlivesHoldAConnectionOpenPastTheIdleTimeoutAndWithoutThemItCloses() throws Exception {
    // 3 s idle, a keep-alive each 500 ms: only a stall of 2.5 s (not seen at a load of 8 on 2 cores) closes the kept one
    AwsStandIn aws = harness.add(AwsStandIn.builder().idleTimeout(Duration.ofSeconds(3)).start());
    FaultHarness.Events quietEvents = new FaultHarness.Events();
    MonologueClient quiet = harness.connected(options(aws).keepAliveInterval(Duration.ZERO)
        .connectionListener(quietEvents));
    MonologueClient kept = harness.connected(options(aws).keepAliveInterval(Duration.ofMillis(500)));
    String quietId = quiet.id();
    String keptId = kept.id();
    assertEquals("down " + quietId, quietEvents.next(), "no message for 3 s: the stand-in closes it");
    // seven answered keep-alives span more than one idle timeout of 3 s
    eventually("seven keep-alives come back", () -> kept.keepAliveCounts()[1] >= 7);
    assertEquals(keptId, kept.id(), "the kept connection was never replaced");
    assertTrue(aws.isConnected(keptId));
    assertEquals(0, aws.invocations("keepalive"), "keep-alives cost no Lambda invocation");
    assertEquals(0, aws.invocations("$default"), "nor reach the function by another route");
  }

  @Test
  void aClientRenewsBeforeTheConnectionAgeLimitWithoutLosingACallInFlight() throws Exception {
    // 8 s: room for the caller's renewal at 1 s, a TLS handshake and a $connect invocation on a loaded machine.
    AwsStandIn aws = harness.add(AwsStandIn.builder().maxConnectionAge(Duration.ofSeconds(8)).start());
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    FaultHarness.Events serverEvents = new FaultHarness.Events();
    MonologueClient server = harness.connected(options(aws).maxConnectionAge(Duration.ZERO)
        .connectionListener(serverEvents));
    String serverId = server.id();
    server.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient caller = harness.connected(options(aws).maxConnectionAge(Duration.ofSeconds(1))
        .connectionListener(events));
    String oldId = caller.id();
    try {
      CompletableFuture<JsonNode> inFlight = caller.call(server.id(), "hold");
      assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
      String up = events.next();
      assertTrue(up.startsWith("up " + oldId + " "), "renewed before the stand-in's 8 s limit, no drop: " + up);
      release.countDown();
      assertEquals(true, await(inFlight).asBoolean(), "the call in flight on the old connection completes");
      assertEquals("down " + serverId, serverEvents.next(), "a client that does not renew is cut at the limit");
    } finally {
      release.countDown();
    }
  }
}
