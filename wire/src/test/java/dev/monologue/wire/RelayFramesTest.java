package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayFramesTest {
  @Test
  void theDeliveryOverheadIsWhatDeliverAddsWithTheLongestIds() {
    String id = "A".repeat(RelayFrames.MAX_CONNECTION_ID_CHARS);
    String payload = "{\"type\":\"REQ\",\"s\":\"\u00e9\"}";
    long payloadBytes = Utf8.length(payload);
    assertEquals(RelayFrames.maxDeliveredBytes(payloadBytes), Utf8.length(RelayFrames.deliver(id, id, payload)));
    assertEquals(74, RelayFrames.MAX_DELIVERY_OVERHEAD);
  }

  @Test
  void theClientFramesPayloadIsCountedFromItsKeyToTheLastBrace() {
    String payload = "{\"type\":\"REQ\",\"s\":\"\u00e9 \\\"payload\\\":\"}";
    for (String frame : List.of("{\"action\":\"sendmessage\",\"to\":\"billing\",\"payload\":" + payload + "}",
        "{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":" + payload + "}")) {
      assertEquals(Utf8.length(payload), ClientFrames.payloadBytes(frame, Utf8.length(frame)), frame);
    }
    assertThrows(IllegalArgumentException.class, () -> ClientFrames.payloadBytes("{\"action\":\"whoami\"}", 20));
  }

  @Test
  void deliverCopiesThePayloadRange() {
    assertEquals("{\"to\":\"t\",\"from\":\"f\",\"payload\":{\"a\":1}}",
        RelayFrames.deliver("t", "f", "xx{\"a\":1}yy", 2, 9));
  }

  @Test
  void errorEscapesEveryString() throws Exception {
    String nasty = "q\"b\\s\n\u0001é";
    String frame = RelayFrames.error(nasty, nasty, ErrorCode.PEER_GONE, nasty);
    JsonNode node = new ObjectMapper().readTree(frame);
    assertEquals(nasty, node.get("to").asText());
    assertEquals("$relay", node.get("from").asText());
    assertEquals(nasty, node.get("payload").get("token").asText());
    assertEquals(nasty, node.get("payload").get("error").get("message").asText());
    assertEquals("PEER_GONE", node.get("payload").get("error").get("code").asText());
  }

  @Test
  void errorWithoutTokenOmitsIt() {
    assertEquals("{\"to\":\"a\",\"from\":\"$relay\",\"payload\":{\"type\":\"ERR\",\"error\":{\"code\":"
        + "\"THROTTLED\",\"message\":\"m\",\"source\":\"relay\"}}}",
        RelayFrames.error("a", null, ErrorCode.THROTTLED, "m"));
  }
}
