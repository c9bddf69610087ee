package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.eventually;
import static dev.monologue.testsupport.Awaits.failure;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.MonologueException;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the relay function runs past its timeout, API Gateway sends the sender its own
 * {@code {"message": "Internal server error", ...}} frame, which names no call: the client counts and logs it, the
 * call it carried ends (at its timeout, on AWS), and every other call goes on, including one pending when the frame
 * arrives.
 */
class StandInGatewayErrorTest {
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void anInternalServerErrorFrameFailsNoUnrelatedCall() throws Exception {
    // the function may run 1.8 s; two posts that get no answer (1 s each: the delivery, then the error frame back)
    // take it past that
    AwsStandIn aws = harness.add(AwsStandIn.builder().functionTimeout(Duration.ofMillis(1800)).start());
    MonologueClient server = harness.connected(options(aws));
    server.on("echo", args -> args.get(0, String.class));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    // no liveness probes: their answers are posts too, and would take the stalls meant for the lost call
    MonologueClient caller = harness.connected(options(aws).timeout(Duration.ofSeconds(8))
        .probeInterval(Duration.ZERO));
    String callerId = caller.id();
    try {
      CompletableFuture<Boolean> pendingMeanwhile = caller.call(server.id(), "hold", Boolean.class);
      assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the server runs 'hold'");
      aws.stallNextPosts(2);
      CompletableFuture<String> lost = caller.call(server.id(), "echo", String.class, "lost");
      eventually("API Gateway's error frame arrives", () -> caller.gatewayErrors() == 1);
      release.countDown();
      assertEquals(true, await(pendingMeanwhile), "a call pending when the frame arrived still returns its value");
      assertEquals("next", await(caller.call(server.id(), "echo", String.class, "next")), "other calls go on");
      // on AWS it ends at its timeout; the stand-in's timed-out invocation cannot be stopped and may still answer it
      assertInstanceOf(MonologueException.class, failure(lost), "the lost call ends, with its own failure");
      assertEquals(callerId, caller.id(), "the connection stays");
    } finally {
      release.countDown();
    }
  }
}
