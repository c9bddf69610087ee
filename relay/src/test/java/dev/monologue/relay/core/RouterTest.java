package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.KeepAliveAnswer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Utf8;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String A = "AAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "BBBBBBBBBBBBBBBBBBBBBB";

  /** Records every frame sent; connections not in {@code results} are delivered. */
  static class RecordingGateway implements ConnectionGateway {
    final List<String[]> sent = new ArrayList<>();
    final Map<String, Delivery> results = new HashMap<>();

    @Override
    public Delivery send(String connectionId, String frame) {
      sent.add(new String[] {connectionId, frame});
      return results.getOrDefault(connectionId, Delivery.DELIVERED);
    }

    @Override
    public boolean isConnected(String connectionId) {
      return results.getOrDefault(connectionId, Delivery.DELIVERED) != Delivery.GONE;
    }

    String only(String to) {
      assertEquals(1, sent.size(), "frames sent: " + sent.size());
      assertEquals(to, sent.get(0)[0]);
      return sent.get(0)[1];
    }
  }

  private final RecordingGateway gateway = new RecordingGateway();
  private final Router router = new Router(gateway, 1024);

  private JsonNode onlyError(String to) throws Exception {
    JsonNode frame = MAPPER.readTree(gateway.only(to));
    assertEquals(to, frame.get("to").asText());
    assertEquals("$relay", frame.get("from").asText());
    assertEquals("ERR", frame.get("payload").get("type").asText());
    assertEquals("relay", frame.get("payload").get("error").get("source").asText());
    return frame.get("payload");
  }

  @Test
  void whoamiAndLoopbackEchoToTheSender() {
    router.onText(A, "{\"action\":\"whoami\",\"payload\":{\"token\":\"t\"}}");
    router.onText(A, "{\"payload\":{\"token\":\"u\"},\"action\":\"loopback\"}");
    assertEquals(2, gateway.sent.size());
    assertEquals("{\"to\":\"" + A + "\",\"from\":\"" + A + "\",\"payload\":{\"token\":\"t\"}}", gateway.sent.get(0)[1]);
    assertEquals("{\"to\":\"" + A + "\",\"from\":\"" + A + "\",\"payload\":{\"token\":\"u\"}}", gateway.sent.get(1)[1]);
  }

  @Test
  void keepaliveIsAnsweredAsApiGatewaysMockAnswersIt() {
    long before = System.currentTimeMillis();
    router.onText(A, ClientFrames.KEEPALIVE);
    String answer = gateway.only(A);
    assertEquals(A, KeepAliveAnswer.connectionId(answer), answer);
    long at = Long.parseLong(answer.substring(answer.lastIndexOf(':') + 1, answer.length() - 1));
    assertTrue(at >= before && at <= System.currentTimeMillis(), "the time it was received: " + answer);
  }

  @Test
  void bareWhoamiGetsTheBareConnectionId() throws Exception {
    router.onText(A, "whoami");
    assertEquals(A, gateway.only(A));
    gateway.sent.clear();
    router.onText(A, "whoami ");
    assertEquals("MALFORMED_FRAME", onlyError(A).get("error").get("code").asText());
  }

  @Test
  void probeAsksTheRelayNotThePeer() throws Exception {
    router.onText(A, "{\"action\":\"probe\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"p1\"}}");
    assertEquals("{\"to\":\"" + A + "\",\"from\":\"$relay\",\"payload\":{\"type\":\"ACK\",\"token\":\"p1\","
        + "\"ret\":{\"connected\":true}}}", gateway.only(A));
    gateway.sent.clear();
    gateway.results.put(B, Delivery.GONE);
    router.onText(A, "{\"action\":\"probe\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"p2\"}}");
    JsonNode gone = onlyError(A);
    assertEquals("PEER_GONE", gone.get("error").get("code").asText());
    assertEquals("p2", gone.get("token").asText());
    gateway.sent.clear();
    router.onText(A, "{\"action\":\"probe\",\"payload\":{\"token\":\"p3\"}}");
    assertEquals("MALFORMED_FRAME", onlyError(A).get("error").get("code").asText());
    gateway.sent.clear();
    router.onText(A, "{\"action\":\"probe\",\"to\":\"not/an id\",\"payload\":{\"token\":\"p4\"}}");
    assertEquals("MALFORMED_FRAME", onlyError(A).get("error").get("code").asText());
  }

  @Test
  void aProbeWhoseConnectionCheckFailsIsAnsweredThrottled() throws Exception {
    // on AWS, a GET @connections/{id} that is throttled or fails: the prober is told to ask again later
    Router unsure = new Router(new ConnectionGateway() {
      @Override
      public Delivery send(String connectionId, String frame) {
        return gateway.send(connectionId, frame);
      }

      @Override
      public boolean isConnected(String connectionId) {
        throw new IllegalStateException("GetConnection answered 500");
      }
    }, 1024);
    unsure.onText(A, "{\"action\":\"probe\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"p5\"}}");
    JsonNode error = onlyError(A);
    assertEquals("THROTTLED", error.get("error").get("code").asText());
    assertEquals("p5", error.get("token").asText());
  }

  @Test
  void probeThroughAGatewayThatCannotTellIsAnUnknownAction() throws Exception {
    Router blind = new Router((id, frame) -> gateway.send(id, frame), 1024);
    blind.onText(A, "{\"action\":\"probe\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"p\"}}");
    assertEquals("UNKNOWN_ACTION", onlyError(A).get("error").get("code").asText());
  }

  @Test
  void sendmessageDeliversToTheTargetWithTheRealSenderIgnoringAForgedFrom() {
    router.onText(A, "{\"from\":\"" + B + "\",\"action\":\"sendmessage\",\"to\":\"" + B
        + "\",\"extra\":[1,{\"a\":2}],\"payload\":{\"type\":\"REQ\",\"token\":\"k\"}}");
    assertEquals("{\"to\":\"" + B + "\",\"from\":\"" + A + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"k\"}}",
        gateway.only(B));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{ \"b\" : 1 ,\n\t\"a\" : [ 1.50e3, -0, true, null ] }",
      "{\"z\":\"é ü 日本 😀\",\"a\":\"\\u00e9\\n\\\"q\\\" \\\\ \\/\"}",
      "{\"token\":{\"nested\":\"not a token\"},\"x\":{\"y\":{\"z\":[[[]]]}}}",
      "{\"k\":\"}\",\"k2\":\"{\",\"k3\":\"]\\\"}\"}"})
  void payloadIsSplicedExactly(String payload) {
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":" + payload + "  }");
    assertEquals("{\"to\":\"" + B + "\",\"from\":\"" + A + "\",\"payload\":" + payload + "}", gateway.only(B));
  }

  @Test
  void peerGoneCarriesTheTokenAndNamesTheConnection() throws Exception {
    gateway.results.put(B, Delivery.GONE);
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"tk\","
        + "\"v\":2}}");
    assertEquals(2, gateway.sent.size());
    assertEquals("{\"to\":\"" + A + "\",\"from\":\"$relay\",\"payload\":{\"type\":\"ERR\",\"token\":\"tk\","
        + "\"error\":{\"code\":\"PEER_GONE\",\"message\":\"connection '" + B + "' is not connected\","
        + "\"source\":\"relay\"}}}", gateway.sent.get(1)[1]);
    assertEquals(A, gateway.sent.get(1)[0]);
  }

  /** What an original client sends: it would end on a relay error, so a failed delivery of it is not answered. */
  @ParameterizedTest
  @ValueSource(strings = {"{\"type\":\"REQ\",\"token\":\"tk\",\"name\":\"add\",\"args\":[1,2]}",
      "{\"type\":\"ACK\",\"token\":\"tk\",\"ret\":3}", "{\"token\":\"tk\",\"ret\":3,\"type\":\"ACK\",\"v\":2}"})
  void aFailedDeliveryOfWhatAnOriginalClientSendsIsNotAnswered(String payload) {
    gateway.results.put(B, Delivery.GONE);
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":" + payload + "}");
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"not an id\",\"payload\":" + payload + "}");
    router.refuse(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":" + payload + "}",
        ErrorCode.THROTTLED, "over the rate limit");
    assertEquals(1, gateway.sent.size(), "only the delivery attempt: " + gateway.sent);
    assertEquals(B, gateway.sent.get(0)[0]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"type\":\"REQ\",\"token\":\"tk\",\"v\":2}", "{\"type\":\"ERR\",\"token\":\"tk\"}",
      "{\"type\":\"PONG\",\"token\":\"tk\"}", "{\"token\":\"tk\"}"})
  void aFailedDeliveryOfWhatOnlyNewerClientsSendIsAnswered(String payload) throws Exception {
    gateway.results.put(B, Delivery.GONE);
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":" + payload + "}");
    assertEquals(2, gateway.sent.size(), "the delivery attempt and the error: " + gateway.sent);
    assertEquals(A, gateway.sent.get(1)[0]);
    assertEquals("PEER_GONE", MAPPER.readTree(gateway.sent.get(1)[1]).get("payload").get("error").get("code").asText());
  }

  @Test
  void throttledAndTooLargeDeliveriesAreReported() throws Exception {
    gateway.results.put(B, Delivery.THROTTLED);
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"t1\"}}");
    gateway.results.put(B, Delivery.TOO_LARGE);
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"t2\"}}");
    JsonNode throttled = MAPPER.readTree(gateway.sent.get(1)[1]).get("payload");
    JsonNode tooLarge = MAPPER.readTree(gateway.sent.get(3)[1]).get("payload");
    assertEquals("THROTTLED", throttled.get("error").get("code").asText());
    assertEquals("t1", throttled.get("token").asText());
    assertEquals("FRAME_TOO_LARGE", tooLarge.get("error").get("code").asText());
    assertEquals("t2", tooLarge.get("token").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space=", "quote\\\"d", "$relay", "$queue", "sem;colon", "\u00e9t\u00e9"})
  void aToThatCannotBeAConnectionIdIsMalformedBeforeAnyDelivery(String to) throws Exception {
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"token\":\"t9\"}}");
    JsonNode error = onlyError(A); // nothing was tried towards the target
    assertEquals("MALFORMED_FRAME", error.get("error").get("code").asText());
    assertEquals("t9", error.get("token").asText());
  }

  @Test
  void aToLongerThanAnyConnectionIdIsMalformed() throws Exception {
    String to = "A".repeat(ConnectionIds.MAX_LENGTH + 1);
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"token\":\"t8\"}}");
    JsonNode error = onlyError(A);
    assertEquals("MALFORMED_FRAME", error.get("error").get("code").asText());
    assertTrue(error.get("error").get("message").asText().contains("at most 128"), error.toString());
  }

  @Test
  void idsOfBothRelaysPassTheCheck() {
    assertEquals(null, ConnectionIds.problem("L0SM9cOFvHcCIhw="));
    assertEquals(null, ConnectionIds.problem("abc-DEF_ghi0123456789x"));
    assertEquals(null, ConnectionIds.problem("a+b/c=="));
  }

  @Test
  void failedAndUncertainDeliveriesAnswerTheSenderWithDeliveryFailed() throws Exception {
    for (Delivery d : new Delivery[] {Delivery.FAILED, Delivery.UNCERTAIN}) {
      gateway.sent.clear();
      gateway.results.put(B, d);
      router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"t7\"}}");
      assertEquals(2, gateway.sent.size(), d + ": the delivery, then the error");
      JsonNode error = MAPPER.readTree(gateway.sent.get(1)[1]).get("payload");
      assertEquals(A, gateway.sent.get(1)[0]);
      assertEquals("DELIVERY_FAILED", error.get("error").get("code").asText(), d.toString());
      assertEquals("t7", error.get("token").asText());
    }
  }

  @Test
  void tokenIsOmittedWhenThePayloadHasNone() throws Exception {
    router.onText(A, "{\"action\":\"nope\",\"payload\":{\"x\":{\"token\":\"nested\"},\"token\":7}}");
    JsonNode error = onlyError(A);
    assertTrue(!error.has("token"), error.toString());
    assertEquals("UNKNOWN_ACTION", error.get("error").get("code").asText());
    assertEquals("unknown action 'nope'; the relay knows whoami, loopback, sendmessage, probe, ping, keepalive, claim, release, join, leave, members, watch, unwatch, sendany and sendall",
        error.get("error").get("message").asText());
  }

  @Test
  void tokenIsFoundEvenWhenOtherFieldsAreBad() throws Exception {
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":5,\"payload\":{\"token\":\"tt\"}}");
    JsonNode error = onlyError(A);
    assertEquals("tt", error.get("token").asText());
    assertEquals("MALFORMED_FRAME", error.get("error").get("code").asText());
    assertEquals("'to' must be a connection ID string, was a number", error.get("error").get("message").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "not json", "[]", "[1,2]", "42", "\"str\"", "null", "true", "{", "{\"action\":",
      "{\"action\":\"whoami\",\"payload\":{}} trailing", "{\"action\":\"whoami\",\"payload\":{}}{}",
      "{\"action\":\"whoami\",\"payload\":{}}]",
      "{\"payload\":{}}", "{\"action\":null,\"payload\":{}}", "{\"action\":7,\"payload\":{}}",
      "{\"action\":[\"whoami\"],\"payload\":{}}", "{\"action\":\"whoami\"}",
      "{\"action\":\"whoami\",\"payload\":\"x\"}", "{\"action\":\"whoami\",\"payload\":[1]}",
      "{\"action\":\"whoami\",\"payload\":null}", "{\"action\":\"sendmessage\",\"payload\":{}}",
      "{\"action\":\"sendmessage\",\"to\":null,\"payload\":{}}",
      "{\"action\":\"sendmessage\",\"to\":{},\"payload\":{}}",
      "{\"action\":\"sendmessage\",\"to\":\"x\"}",
      "{\"action\":\"whoami\",\"action\":\"sendmessage\",\"to\":\"x\",\"payload\":{}}",
      "{\"action\":\"whoami\",\"payload\":{},\"payload\":{}}",
      "{\"action\":\"whoami\",\"payload\":{\"a\":1,}}", "{'action':'whoami','payload':{}}",
      "{\"action\":\"whoami\",\"payload\":{\"a\":\"unterminated}}",
      "{\"action\":\"whoami\",\"payload\":{\"a\":tru}}"})
  void garbageGetsExactlyOneMalformedFrameError(String frame) throws Exception {
    router.onText(A, frame);
    JsonNode error = onlyError(A);
    assertEquals("MALFORMED_FRAME", error.get("error").get("code").asText(), frame);
    assertTrue(!error.get("error").get("message").asText().isEmpty());
  }

  @Test
  void deeplyNestedPayloadIsRefusedNotThrown() throws Exception {
    Router big = new Router(gateway, 1 << 20);
    String nested = "[".repeat(5000) + "]".repeat(5000);
    big.onText(A, "{\"action\":\"whoami\",\"payload\":{\"token\":\"d\",\"n\":" + nested + "}}");
    JsonNode error = onlyError(A);
    assertEquals("MALFORMED_FRAME", error.get("error").get("code").asText());
    assertEquals("d", error.get("token").asText());
  }

  @Test
  void moderatelyNestedPayloadIsDelivered() {
    String nested = "[".repeat(200) + "]".repeat(200);
    router.onText(A, "{\"action\":\"whoami\",\"payload\":{\"n\":" + nested + "}}");
    assertTrue(gateway.only(A).endsWith("\"payload\":{\"n\":" + nested + "}}"));
  }

  @Test
  void frameOverTheLimitIsRefusedWithItsSizeAndToken() throws Exception {
    String filler = "x".repeat(2000);
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"big\",\"f\":\""
        + filler + "\"}}");
    JsonNode error = onlyError(A);
    assertEquals("FRAME_TOO_LARGE", error.get("error").get("code").asText());
    assertEquals("big", error.get("token").asText());
    int size = 2000 + ("{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"payload\":{\"token\":\"big\",\"f\":\"\"}}")
        .length();
    assertEquals("frame of " + size + " bytes is over the relay's limit of 1024 bytes; send smaller messages",
        error.get("error").get("message").asText());
  }

  @Test
  void limitCountsUtf8BytesNotChars() throws Exception {
    // 400 chars of 3 bytes each: 1200 bytes, over 1024 though the char count is not.
    String payload = "{\"s\":\"" + "日".repeat(400) + "\"}";
    router.onText(A, "{\"action\":\"whoami\",\"payload\":" + payload + "}");
    assertEquals("FRAME_TOO_LARGE", onlyError(A).get("error").get("code").asText());
    gateway.sent.clear();
    // 300 of them (900 bytes + framing) fit.
    String small = "{\"s\":\"" + "日".repeat(300) + "\"}";
    router.onText(A, "{\"action\":\"whoami\",\"payload\":" + small + "}");
    assertTrue(gateway.only(A).endsWith("\"payload\":" + small + "}"));
  }

  @Test
  void hugeGarbageStringIsRefusedAsTooLarge() throws Exception {
    router.onText(A, "\"" + "a".repeat(100_000));
    JsonNode error = onlyError(A);
    assertEquals("FRAME_TOO_LARGE", error.get("error").get("code").asText());
    assertTrue(!error.has("token"));
  }

  @Test
  void binaryIsRefused() throws Exception {
    router.onBinary(A);
    assertEquals("BINARY_NOT_SUPPORTED", onlyError(A).get("error").get("code").asText());
  }

  @Test
  void aFailingErrorSendIsSwallowed() {
    Router failing = new Router((id, frame) -> {
      throw new IllegalStateException("socket broke");
    }, 1024);
    failing.onText(A, "not json"); // must not throw
    failing.onBinary(A);
  }

  @Test
  void utf8LengthMatchesTheEncoder() {
    String s = "aé日😀x\u0000\u07ff\u0800\uffff";
    assertEquals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, Utf8.length(s));
  }
}
