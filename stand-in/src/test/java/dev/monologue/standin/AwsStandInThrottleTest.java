package dev.monologue.standin;

import static dev.monologue.testsupport.Awaits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.relay.aws.RetryPolicy;
import dev.monologue.testsupport.TestClient;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** API Gateway's stage throttle and Lambda's reserved concurrency, as the stand-in plays them. */
class AwsStandInThrottleTest {
  private static final Pattern THROTTLE_FRAME = Pattern.compile(
      "\\{\"message\": \"Too Many Requests\", \"connectionId\": \"[A-Za-z0-9_-]{15}=\", \"requestId\": \"[0-9a-f]{16}\"}");

  @Test
  void aMessageOverTheStageBurstIsAnsweredWithTheThrottleFrameAndNotInvoked() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().stageThrottle(0.001, 3).start();
        TestClient c = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      for (int i = 0; i < 5; i++) {
        c.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"w" + i + "\"}}");
      }
      int echoes = 0;
      int throttled = 0;
      for (int i = 0; i < 5; i++) {
        String frame = c.next();
        if (THROTTLE_FRAME.matcher(frame).matches()) {
          throttled++;
        } else {
          assertTrue(frame.contains("\"token\":\"w"), frame);
          echoes++;
        }
      }
      assertEquals(3, echoes, "the burst passes");
      assertEquals(2, throttled, "the rest get API Gateway's throttle frame");
      assertEquals(2, aws.throttledMessages());
      assertEquals(3, aws.invocations("whoami"), "a throttled message invokes nothing");
    }
  }

  @Test
  void theDefaultsAreTemplateYamls() {
    TemplateThrottle defaults = TemplateThrottle.read(CfnYaml.findTemplate());
    assertEquals(new TemplateThrottle(5000, 2500), defaults, "template.yaml's ThrottlingRateLimit and"
        + " ThrottlingBurstLimit defaults, which a stand-in without stageThrottle applies");
  }

  @Test
  void aQueueBatchOverTheReservedConcurrencyIsFailedWholeForSqsToRetry() throws Exception {
    // the first batch's post gets no answer for 4 s (its attempt timeout): time enough to send the second meanwhile
    RetryPolicy slow = new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(4),
        Duration.ofSeconds(4));
    try (AwsStandIn aws = AwsStandIn.builder().reservedConcurrency(1).retry(slow)
        .functionTimeout(Duration.ofMinutes(1)).start();
        TestClient c = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String id = c.id();
      aws.stallNextPosts(1);
      CompletableFuture<QueueBatchResult> running = CompletableFuture.supplyAsync(() -> aws.sendToQueue(
          List.of("{\"to\":\"" + id + "\",\"payload\":{\"token\":\"q1\"}}")));
      eventually("the first batch runs", () -> aws.runningQueueInvocations() == 1);
      int postsBefore = aws.managementRequests().size();
      QueueBatchResult throttled = aws.sendToQueue(List.of(
          "{\"to\":\"" + id + "\",\"payload\":{\"token\":\"q2\"}}",
          "{\"to\":\"" + id + "\",\"payload\":{\"token\":\"q3\"}}"));
      assertEquals(throttled.messageIds(), throttled.failedMessageIds(), "every message stays in the queue");
      assertEquals(1, aws.throttledQueueBatches());
      assertEquals(postsBefore, aws.managementRequests().size(), "a throttled batch posts nothing");
      running.get(30, TimeUnit.SECONDS);
      assertEquals(0, aws.throttledInvocations(), "the WebSocket function has its own reserved concurrency");
    }
  }

  @Test
  void badThrottleOptionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> AwsStandIn.builder().stageThrottle(0, 10));
    assertThrows(IllegalArgumentException.class, () -> AwsStandIn.builder().stageThrottle(10, 0));
    assertThrows(IllegalArgumentException.class, () -> AwsStandIn.builder().reservedConcurrency(0));
  }
}
