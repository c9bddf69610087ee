package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.ReservedSenders;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fuzzes {@link Router#onText}: whatever arrives, the router never throws, answers a bad frame with exactly one
 * relay error frame to its sender, and delivers a good one as valid JSON whose payload equals the one sent.
 * A plain build replays the inputs under {@code RouterFuzzTestInputs/}; see docs/fuzzing.md to fuzz.
 */
class RouterFuzzTest {
  static final String SENDER = "AAAAAAAAAAAAAAAAAAAAAA";
  /** Frames to this target are reported gone, to reach the error path of sendmessage too. */
  static final String GONE = "GONE";
  /**
   * One JSON value per text, nothing after it. Duplicate keys are allowed: the relay passes payloads on without
   * judging them (it refuses duplicates only among a frame's own top-level fields).
   */
  static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final Set<String> ERROR_CODES = codes();

  /** Reads every duplicate key as an error: a payload with two 'type's cannot be judged from its tree. */
  private static final ObjectMapper NO_DUPLICATES = JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  /**
   * Nothing came out: only a sendmessage that could not be tried (its 'to' is no connection ID) whose payload is
   * what an original client sends, an ACK or a REQ without the version marker (docs/protocol.md).
   */
  private static void assertWithheldForAnOriginalClient(String frame, String action) {
    assertEquals("sendmessage", action, "nothing out for " + frame);
    JsonNode payload;
    try {
      payload = NO_DUPLICATES.readTree(frame).get("payload");
    } catch (JsonProcessingException duplicateKeys) {
      return; // which 'type' counts is the router's reading (the first); the tree cannot tell
    }
    String type = payload.path("type").isTextual() ? payload.get("type").asText() : null;
    assertTrue("ACK".equals(type) || ("REQ".equals(type) && !payload.has("v")), "nothing out for " + frame);
  }

  @FuzzTest(maxDuration = "30s")
  void anyFrame(byte[] input) throws Exception {
    String frame = new String(input, StandardCharsets.UTF_8);
    RouterTest.RecordingGateway gateway = new RouterTest.RecordingGateway();
    gateway.results.put(GONE, Delivery.GONE);
    new Router(gateway, 4096).onText(SENDER, frame); // must not throw

    if (frame.equals(Router.BARE_WHOAMI)) { // second generation: the bare ID back, the only frame out not JSON
      assertEquals(1, gateway.sent.size(), "a bare whoami costs exactly one frame");
      assertEquals(SENDER, gateway.sent.get(0)[0]);
      assertEquals(SENDER, gateway.sent.get(0)[1]);
      return;
    }
    JsonNode in = parseOrNull(frame);
    String action = in != null && in.isObject() && in.path("action").isTextual() ? in.get("action").asText() : null;
    // A ping is refused only for what the router checks in every frame: a routing field twice, or a payload that is
    // not an object.
    boolean payloadNotAnObject = in != null && in.has("payload") && !in.get("payload").isObject();
    if ("ping".equals(action) && !repeatsARoutingField(frame) && !payloadNotAnObject) {
      assertEquals(0, gateway.sent.size(), "ping is answered by nothing");
      return;
    }
    if (gateway.sent.isEmpty()) {
      assertWithheldForAnOriginalClient(frame, action);
      return;
    }
    assertTrue(gateway.sent.size() >= 1 && gateway.sent.size() <= 2, "frames out: " + gateway.sent.size());
    String[] first = gateway.sent.get(0);
    JsonNode out = STRICT.readTree(first[1]); // every frame out is one valid JSON object
    assertTrue(out.isObject(), first[1]);
    if (!ReservedSenders.RELAY.equals(out.path("from").asText())) {
      // Delivered: the input was a valid routable frame, and the payload arrived as sent.
      assertNotNull(in, "delivered a frame that is not valid JSON: " + frame);
      assertEquals(SENDER, out.get("from").asText());
      assertEquals(first[0], out.get("to").asText());
      assertEquals(in.get("payload"), out.get("payload"));
      // Verbatim: the text after "payload": is a piece of the input. (The first ,"payload": is the field's:
      // inside the JSON strings before it a quote is always escaped.)
      String spliced = first[1].substring(first[1].indexOf(",\"payload\":") + 11, first[1].length() - 1);
      assertTrue(frame.contains(spliced), "payload not copied verbatim: " + first[1]);
      assertTrue(in.get("payload").isObject());
      assertTrue(action.equals("whoami") || action.equals("loopback") || action.equals("sendmessage"), action);
      if (gateway.sent.size() == 2) { // only a gone target adds a second frame: PEER_GONE to the sender
        assertEquals(GONE, first[0]);
        assertError(gateway.sent.get(1), "PEER_GONE");
      }
    } else {
      assertEquals(1, gateway.sent.size(), "a refused frame costs exactly one error frame");
      assertError(first, null);
    }
  }

  private static void assertError(String[] sent, String expectedCode) throws Exception {
    assertEquals(SENDER, sent[0], "errors go to the sender");
    JsonNode out = STRICT.readTree(sent[1]);
    assertEquals(SENDER, out.get("to").asText());
    assertEquals(ReservedSenders.RELAY, out.get("from").asText());
    JsonNode error = out.get("payload").get("error");
    String code = error.get("code").asText();
    assertTrue(ERROR_CODES.contains(code), code);
    if (expectedCode != null) {
      assertEquals(expectedCode, code);
    }
    assertEquals("relay", error.get("source").asText());
    assertTrue(!error.get("message").asText().isEmpty());
  }

  /** Whether {@code action}, {@code to} or {@code payload} stands twice at the top: the relay refuses such frames. */
  private static boolean repeatsARoutingField(String frame) throws java.io.IOException {
    Set<String> seen = new java.util.HashSet<>();
    try (com.fasterxml.jackson.core.JsonParser p = STRICT.getFactory().createParser(frame)) {
      p.nextToken(); // the object, as parseOrNull already established
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (Set.of("action", "to", "payload").contains(name) && !seen.add(name)) {
          return true;
        }
        p.nextToken();
        p.skipChildren();
      }
    }
    return false;
  }

  private static JsonNode parseOrNull(String frame) {
    try {
      return STRICT.readTree(frame);
    } catch (Exception e) {
      return null;
    }
  }

  private static Set<String> codes() {
    Set<String> names = new java.util.HashSet<>();
    for (ErrorCode c : EnumSet.allOf(ErrorCode.class)) {
      if (c.source() == ErrorCode.Source.RELAY) {
        names.add(c.wire());
      }
    }
    return Set.copyOf(names);
  }
}
