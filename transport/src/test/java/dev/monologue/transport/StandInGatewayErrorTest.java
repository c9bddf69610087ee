package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.eventually;
import static dev.monologue.testsupport.Awaits.failure;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.monologue.MonologueException;
import dev.monologue.standin.AwsStandIn;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the relay function runs past its timeout, API Gateway sends the sender its own
 * {@code {"message": "Internal server error", ...}} frame, which names no call: the client counts and logs it, the
 * call it carried ends (at its timeout, on AWS), and every other call goes on.
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
    MonologueClient server = harness.connected(options(aws.endpoint()));
    server.on("echo", args -> args.get(0, String.class));
    MonologueClient caller = harness.connected(options(aws.endpoint()).timeout(Duration.ofSeconds(3)));
    String callerId = caller.id();
    aws.stallNextPosts(2);
    CompletableFuture<String> lost = caller.call(server.id(), "echo", String.class, "lost");
    eventually("API Gateway's error frame arrives", () -> caller.gatewayErrors() == 1);
    assertEquals("next", await(caller.call(server.id(), "echo", String.class, "next")), "other calls go on");
    // on AWS it ends at its timeout; the stand-in's timed-out invocation cannot be stopped and may still answer it
    assertInstanceOf(MonologueException.class, failure(lost), "the lost call ends, with its own failure");
    assertEquals(callerId, caller.id(), "the connection stays");
  }
}
