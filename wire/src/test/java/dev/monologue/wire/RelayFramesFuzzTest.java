package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes {@link RelayFrames}: whatever the IDs, token, message and payload, a frame out is one valid JSON object
 * whose fields read back as given. A plain build replays {@code RelayFramesFuzzTestInputs/}; see docs/fuzzing.md.
 */
class RelayFramesFuzzTest {
  /** The codes the relay sends, in the order the replayed inputs were recorded with. */
  private static final ErrorCode[] RELAY_CODES = Arrays.stream(ErrorCode.values())
      .filter(c -> c.source() == ErrorCode.Source.RELAY).toArray(ErrorCode[]::new);
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  @FuzzTest(maxDuration = "30s")
  void errorFrameRoundTrips(FuzzedDataProvider data) throws Exception {
    String to = data.consumeString(64);
    String token = data.consumeBoolean() ? data.consumeString(64) : null;
    ErrorCode code = data.pickValue(RELAY_CODES);
    String message = data.consumeRemainingAsString();
    JsonNode frame = STRICT.readTree(RelayFrames.error(to, token, code, message));
    assertEquals(to, frame.get("to").asText());
    assertEquals(ReservedSenders.RELAY, frame.get("from").asText());
    JsonNode payload = frame.get("payload");
    assertEquals("ERR", payload.get("type").asText());
    if (token == null) {
      assertFalse(payload.has("token"));
    } else {
      assertEquals(token, payload.get("token").asText());
    }
    assertEquals(code.name(), payload.get("error").get("code").asText());
    assertEquals(message, payload.get("error").get("message").asText());
    assertEquals("relay", payload.get("error").get("source").asText());
  }

  @FuzzTest(maxDuration = "30s")
  void deliveredFrameCarriesThePayloadVerbatim(FuzzedDataProvider data) throws Exception {
    String to = data.consumeString(64);
    String from = data.consumeString(64);
    String prefix = data.consumeString(16);
    String payload = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
    JsonNode parsed;
    try {
      parsed = STRICT.readTree(payload);
    } catch (Exception notJson) {
      return; // the router only ever splices a payload it parsed as an object
    }
    if (parsed == null || !parsed.isObject()) {
      return;
    }
    String source = prefix + payload + prefix;
    String frame = RelayFrames.deliver(to, from, source, prefix.length(), prefix.length() + payload.length());
    JsonNode node = STRICT.readTree(frame);
    assertEquals(to, node.get("to").asText());
    assertEquals(from, node.get("from").asText());
    assertEquals(parsed, node.get("payload"));
    assertTrue(frame.endsWith(",\"payload\":" + payload + "}"), "payload not copied verbatim: " + frame);
    assertEquals(Utf8.length(frame), frame.getBytes(StandardCharsets.UTF_8).length);
  }
}
