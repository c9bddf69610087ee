package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.util.Map;
import dev.monologue.wire.Limits;
import dev.monologue.wire.RelayFrames;
import org.junit.jupiter.api.Test;

/**
 * The relay wraps what it delivers ({@code to} and {@code from}): a message API Gateway accepts at its limit comes
 * out of the relay over it, and {@code @connections} refuses that post (413), as AWS does.
 */
class AwsStandInDeliveredSizeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void aMessageAtTheLimitIsOverItOnceWrappedAndItsPostIsRefused413() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().start();
        TestClient sender = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient receiver = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String senderId = sender.id();
      String receiverId = receiver.id();
      assertEquals(16, receiverId.length(), "API Gateway's IDs are 16 characters");
      assertTrue(receiverId.length() <= RelayFrames.MAX_CONNECTION_ID_CHARS);
      String start = "{\"action\":\"sendmessage\",\"to\":\"" + receiverId + "\",\"payload\":{\"p\":\"";
      String end = "\"}}";
      String message = start + "x".repeat(Limits.MAX_MESSAGE_BYTES - start.length() - end.length()) + end;
      assertEquals(Limits.MAX_MESSAGE_BYTES, message.length(), "at the limit: API Gateway accepts it");
      String delivered = RelayFrames.deliver(receiverId, senderId, message,
          message.indexOf("{\"p\""), message.length() - 1);
      assertTrue(delivered.length() > Limits.MAX_MESSAGE_BYTES, "wrapped it is over: " + delivered.length());
      aws.clearManagementRequests();

      sender.sendFragmented(message, Limits.MAX_FRAME_BYTES);
      JsonNode error = MAPPER.readTree(sender.next()).get("payload").get("error");
      assertEquals("FRAME_TOO_LARGE", error.get("code").asText(), error.toString());
      assertTrue(aws.managementRequests().stream().anyMatch(r -> r.method().equals("POST") && r.status() == 413
          && r.body().length() == delivered.length() && r.path().endsWith(receiverId.replace("=", "%3D"))),
          "the delivery of " + delivered.length() + " bytes was refused 413: " + aws.managementRequests().stream()
              .map(r -> r.method() + " " + r.status() + " " + r.body().length()).toList());
      assertTrue(receiver.received.isEmpty(), "nothing reached the receiver");
    }
  }
}
