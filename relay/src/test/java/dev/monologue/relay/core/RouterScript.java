package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.monologue.wire.Action;
import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.FanOutReport;
import dev.monologue.wire.KeepAliveAnswer;
import dev.monologue.wire.Names;
import dev.monologue.wire.PayloadType;
import dev.monologue.wire.RelayEvent;
import dev.monologue.wire.ReservedSenders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a script of client frames from a few connections through one {@link Router} (names and groups in memory)
 * and judges every frame that comes out of each: what kind of answer it is, whether that kind may answer the
 * frame's action, and whether it says what the frame asked. {@link RouterFuzzTest} feeds it fuzzed scripts;
 * {@link RouterSeedsTest} checks that the kept seeds reach every kind of answer.
 *
 * <p>A script is text, one frame per line. A line that starts with {@code A>}, {@code B>}, {@code C>}, {@code G>}, {@code U>},
 * {@code T>}, {@code O>} or {@code F>} is sent from that connection, any other line from A. B and C connected with
 * keys of their own ({@link #POLICY}). Every delivery to G
 * (connection {@code GONE}) reports it gone, as a machine that vanished without a disconnect; to T
 * ({@code THROTTLED}), O ({@code OVERLOADED}), F ({@code FAILED}) and U ({@code BUSY}) it fails so. They may still send, as a late
 * frame of a connection whose disconnect came first (AWS's {@code $disconnect} is best effort).
 */
final class RouterScript {
  static final String A = "AAAAAAAAAAAAAAAAAAAAAA";
  static final String B = "BBBBBBBBBBBBBBBBBBBBBB";
  static final String C = "CCCCCCCCCCCCCCCCCCCCCC";
  static final String GONE = "GONE";
  /** Connections every delivery to fails, and the error code a sender gets for each. */
  static final Map<String, Delivery> FAILING = Map.of(GONE, Delivery.GONE, "THROTTLED", Delivery.THROTTLED,
      "OVERLOADED", Delivery.OVERLOADED, "FAILED", Delivery.FAILED, "BUSY", Delivery.BUSY);
  private static final Map<String, String> CODE_OF_FAILING = Map.of(GONE, "PEER_GONE", "THROTTLED", "THROTTLED",
      "OVERLOADED", "PEER_OVERLOADED", "FAILED", "DELIVERY_FAILED", "BUSY", "PEER_BUSY");
  static final Map<Character, String> SENDERS = Map.of('A', A, 'B', B, 'C', C, 'G', GONE, 'T', "THROTTLED",
      'O', "OVERLOADED", 'F', "FAILED", 'U', "BUSY");
  /** The largest frame the router accepts in these scripts. */
  static final int MAX_FRAME_BYTES = 4096;

  /** One JSON value per text, nothing after it; duplicate keys allowed, as the relay passes payloads on. */
  static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  /** Reads every duplicate key as an error: a payload with two 'type's cannot be judged from its tree. */
  private static final ObjectMapper NO_DUPLICATES = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Set<String> RELAY_CODES = relayCodes();
  /** Actions the relay answers itself with an ACK when they succeed. */
  private static final Set<String> ACKED = Set.of(Action.PROBE.wire(), Action.CLAIM.wire(), Action.RELEASE.wire(),
      Action.JOIN.wire(), Action.LEAVE.wire(), Action.MEMBERS.wire(), Action.WATCH.wire(), Action.UNWATCH.wire());
  /** Actions whose payload the relay delivers to connections. */
  private static final Set<String> DELIVERING = Set.of(Action.WHOAMI.wire(), Action.LOOPBACK.wire(),
      Action.SENDMESSAGE.wire(), Action.SENDANY.wire(), Action.SENDALL.wire());
  /** Actions that may change who holds a name or belongs to a group, and so tell watchers. */
  private static final Set<String> EVENTFUL = Set.of(Action.CLAIM.wire(), Action.RELEASE.wire(),
      Action.JOIN.wire(), Action.LEAVE.wire(), Action.SENDMESSAGE.wire(), Action.SENDANY.wire(),
      Action.SENDALL.wire());

  private final RouterTest.RecordingGateway gateway = new RouterTest.RecordingGateway();
  /**
   * The relay's rights per connection: B's key may take names over; C's may claim and join only what starts with
   * {@code c.}; every other connection has the default (any name, no takeover of another owner's names).
   */
  private static final Map<String, String> KEYS = Map.of(B, "taker", C, "limited");
  private static final RelayPolicy POLICY = RelayPolicy.builder()
      .key("taker", KeyPolicy.builder().takeover(true).build())
      .key("limited", KeyPolicy.builder().claims(List.of("c.*")).joins(List.of("c.*")).build())
      .build();
  private final Router router = new Router(gateway, MAX_FRAME_BYTES, new InMemoryNameRegistry(), POLICY,
      id -> java.util.Optional.ofNullable(KEYS.get(id)));
  /** Every kind of answer seen so far, such as {@code ACK claim}, {@code EVENT JOINED} or {@code ERR NO_MEMBERS}. */
  final Set<String> kinds = new TreeSet<>();

  RouterScript() {
    gateway.results.putAll(FAILING);
  }

  /** Runs every line of {@code script} and judges what came out of each. */
  void run(String script) throws IOException {
    for (String line : script.split("\n", -1)) {
      String sender = A;
      String frame = line;
      if (line.length() >= 2 && line.charAt(1) == '>' && SENDERS.containsKey(line.charAt(0))) {
        sender = SENDERS.get(line.charAt(0));
        frame = line.substring(2);
      }
      step(sender, frame);
    }
  }

  /** Routes one frame and judges the frames it caused. */
  void step(String sender, String frame) throws IOException {
    gateway.sent.clear();
    router.onText(sender, frame); // must not throw
    List<String[]> out = List.copyOf(gateway.sent);
    String where = " for " + frame + " from " + sender + "; out: " + describe(out);

    if (frame.equals(Router.BARE_WHOAMI)) { // second generation: the bare ID back, the only frame out not JSON
      assertEquals(1, out.size(), "a bare whoami costs exactly one frame" + where);
      assertEquals(sender, out.get(0)[0], where);
      assertEquals(sender, out.get(0)[1], where);
      kinds.add("BARE whoami");
      return;
    }
    JsonNode in = parseOrNull(frame);
    String action = in != null && in.isObject() && in.path("action").isTextual() ? in.get("action").asText() : null;

    List<String> answers = new ArrayList<>(); // kinds of the frames that answer the sender itself
    List<String> deliveredTo = new ArrayList<>();
    JsonNode fanOut = null;
    for (String[] sent : out) {
      String to = sent[0];
      String text = sent[1];
      String keepAliveOf = KeepAliveAnswer.connectionId(text);
      if (keepAliveOf != null) {
        assertEquals(Action.KEEPALIVE.wire(), action, "a keep-alive answer" + where);
        assertEquals(sender, to, where);
        assertEquals(sender, keepAliveOf, where);
        answers.add(kind("KEEPALIVE", action));
        continue;
      }
      JsonNode frameOut = STRICT.readTree(text); // every other frame out is one valid JSON object
      assertTrue(frameOut.isObject(), text);
      assertEquals(to, frameOut.path("to").asText(null), "a frame's 'to' is its recipient" + where);
      String from = frameOut.path("from").asText(null);
      if (sender.equals(from)) {
        assertDelivered(frame, in, action, sender, to, text, frameOut, where);
        deliveredTo.add(to);
        kind("DELIVERED", action + (action.equals("sendmessage") && !in.has("to") && in.has("name")
            ? " to a name" : ""));
        continue;
      }
      assertEquals(ReservedSenders.RELAY, from, "a frame out is from the sender or the relay" + where);
      JsonNode payload = frameOut.get("payload");
      String type = payload.path("type").asText(null);
      if (PayloadType.ERR.wire().equals(type)) {
        assertEquals(sender, to, "errors go to the sender" + where);
        answers.add(kind("ERR", assertError(payload, frame, in, where)));
      } else if (PayloadType.ACK.wire().equals(type)) {
        assertEquals(sender, to, "an ACK goes to the sender" + where);
        assertTrue(ACKED.contains(action), "ACK for '" + action + "'" + where);
        assertToken(payload, frame, in, where);
        assertAck(action, in, payload.get("ret"), where);
        answers.add(kind("ACK", action + (action.equals("watch") ? in.has("name") ? " name" : " group" : "")));
      } else if (FanOutReport.TYPE.equals(type)) {
        assertEquals(sender, to, "a fan-out report goes to the sender" + where);
        assertEquals(Action.SENDALL.wire(), action, where);
        assertToken(payload, frame, in, where);
        fanOut = payload.get("ret");
        assertEquals(in.get("group").asText(), fanOut.get("group").asText(), where);
        answers.add(kind("FANOUT", action));
      } else if (RelayEvent.TYPE.equals(type)) {
        assertTrue(EVENTFUL.contains(action) || FAILING.containsKey(sender), "EVENT for '" + action + "'" + where);
        kind("EVENT", assertEvent(payload, where).name());
      } else {
        fail("a relay frame of type " + type + where);
      }
    }

    if (Action.PING.wire().equals(action) && answers.isEmpty()) {
      assertTrue(out.isEmpty(), "ping is answered by nothing" + where);
      kinds.add("NOTHING ping");
      return;
    }
    assertTrue(answers.size() <= 1, "at most one answer to the sender" + where);
    if (fanOut != null) {
      Set<String> reported = new HashSet<>();
      fanOut.get("delivered").forEach(d -> {
        assertTrue(reported.add(d.get("id").asText()), "twice" + where);
        assertFalse(FAILING.containsKey(d.get("id").asText()), "reported delivered" + where);
      });
      fanOut.get("failed").forEach(f -> {
        assertTrue(reported.add(f.get("id").asText()), "twice" + where);
        assertEquals(CODE_OF_FAILING.get(f.get("id").asText()), f.get("code").asText(), where);
      });
      assertEquals(new HashSet<>(deliveredTo), reported, "the report names every member tried" + where);
      assertEquals(deliveredTo.size(), reported.size(), "one delivery per member" + where);
    }
    boolean errored = answers.size() == 1 && answers.get(0).startsWith("ERR");
    if (deliveredTo.isEmpty() && answers.isEmpty()) {
      assertWithheldForAnOriginalClient(frame, action, where);
      kinds.add("WITHHELD sendmessage");
      return;
    }
    if (!deliveredTo.isEmpty()) {
      assertTrue(DELIVERING.contains(action), where);
      switch (action) {
        case "whoami":
        case "loopback":
          assertEquals(List.of(sender), deliveredTo, "an echo goes back to the sender" + where);
          assertEquals(1, out.size(), where);
          break;
        case "sendmessage":
          assertEquals(1, deliveredTo.size(), "one delivery" + where);
          // a delivered message is answered only when its delivery failed, with the failure's code, unless it may
          // come from an original client, which cannot read relay errors
          String failed = CODE_OF_FAILING.get(deliveredTo.get(0));
          Boolean original = mayComeFromAnOriginalClient(frame);
          if (failed != null && original == null) {
            assertTrue(answers.isEmpty() || answers.equals(List.of("ERR " + failed)), where);
          } else {
            assertEquals(failed == null || original ? List.of() : List.of("ERR " + failed), answers, where);
          }
          if (failed != null && answers.isEmpty()) {
            kinds.add("WITHHELD sendmessage");
          }
          break;
        case "sendany":
          // members that fail are skipped; it ends at the first live one, or in NO_MEMBERS when none is
          for (int i = 0; i < deliveredTo.size() - 1; i++) {
            assertTrue(FAILING.containsKey(deliveredTo.get(i)), "sendany goes on only past a failure" + where);
          }
          boolean reachedOne = !FAILING.containsKey(deliveredTo.get(deliveredTo.size() - 1));
          assertEquals(reachedOne ? List.of() : List.of("ERR NO_MEMBERS"), answers, where);
          break;
        case "sendall":
          assertNotNull(fanOut, "a fan-out is reported" + where);
          break;
        default:
          fail(where);
      }
      return;
    }
    assertEquals(1, answers.size(), "exactly one answer" + where);
    if (!errored) {
      assertEquals(ACKED.contains(action) || Action.KEEPALIVE.wire().equals(action)
          || Action.SENDALL.wire().equals(action), true, "answered '" + action + "'" + where);
    }
  }

  private String kind(String type, String detail) {
    String k = type + " " + detail;
    kinds.add(k);
    return k;
  }

  /** A delivered payload: the input was a routable frame, and its payload arrived verbatim. */
  private static void assertDelivered(String frame, JsonNode in, String action, String sender, String to,
      String text, JsonNode out, String where) {
    assertNotNull(in, "delivered a frame that is not valid JSON" + where);
    assertTrue(DELIVERING.contains(action), "delivered for '" + action + "'" + where);
    assertEquals(sender, out.get("from").asText(), where);
    assertEquals(in.get("payload"), out.get("payload"), where);
    assertTrue(in.get("payload").isObject(), where);
    // Verbatim: the text after "payload": is a piece of the input. (The first ,"payload": is the field's: inside
    // the JSON strings before it a quote is always escaped.)
    String spliced = text.substring(text.indexOf(",\"payload\":") + 11, text.length() - 1);
    assertTrue(frame.contains(spliced), "payload not copied verbatim" + where);
    assertFalse(to.equals(ReservedSenders.RELAY), where);
  }

  /** Judges an ERR from the relay; returns its code. */
  private static String assertError(JsonNode payload, String frame, JsonNode in, String where) {
    JsonNode error = payload.get("error");
    String code = error.get("code").asText();
    assertTrue(RELAY_CODES.contains(code), code + where);
    assertEquals("relay", error.get("source").asText(), where);
    assertFalse(error.get("message").asText().isEmpty(), where);
    assertToken(payload, frame, in, where);
    if (code.equals(ErrorCode.NAME_TAKEN.wire())) {
      assertTrue(error.get("heldForMillis").canConvertToLong() && error.get("heldForMillis").asLong() >= 0, where);
    }
    return code;
  }

  /** A relay answer carries the frame's token, if it had one: the payload's first top-level string 'token'. */
  private static void assertToken(JsonNode payload, String frame, JsonNode in, String where) {
    if (in == null || !in.isObject() || !in.path("payload").isObject()) {
      return; // not JSON: which token the router found before the fault is its own reading
    }
    String echoed = payload.path("token").asText(null);
    String token = firstPayloadToken(frame);
    if (echoed != null) {
      assertEquals(token, echoed, "the answer's token is the frame's" + where);
    } else if (token != null && token.length() <= 1024) {
      fail("the answer lost the token" + where);
    }
  }

  private static void assertAck(String action, JsonNode in, JsonNode ret, String where) {
    assertTrue(ret != null && ret.isObject(), "an ACK has a 'ret' object" + where);
    switch (action) {
      case "probe":
        assertTrue(ret.get("connected").asBoolean(), where);
        break;
      case "claim":
        assertEquals(in.get("name").asText(), ret.get("name").asText(), where);
        assertTrue(ret.get("tookOver").isBoolean(), where);
        break;
      case "release":
        assertEquals(in.get("name").asText(), ret.get("name").asText(), where);
        break;
      case "join":
      case "leave":
        assertEquals(in.get("group").asText(), ret.get("group").asText(), where);
        assertTrue(ret.get("changed").isBoolean(), where);
        break;
      case "members":
        assertEquals(in.get("group").asText(), ret.get("group").asText(), where);
        assertMembers(ret.get("members"), where);
        break;
      case "watch":
      case "unwatch":
        String field = in.has("name") ? "name" : "group";
        assertEquals(in.get(field).asText(), ret.get(field).asText(), where);
        if (action.equals("watch") && field.equals("group")) {
          assertMembers(ret.get("members"), where);
        }
        if (ret.has("id")) {
          assertTrue(SENDERS.containsValue(ret.get("id").asText()), where);
        }
        break;
      default:
        fail(where);
    }
  }

  private static void assertMembers(JsonNode members, String where) {
    assertTrue(members.isArray(), where);
    for (JsonNode m : members) {
      assertTrue(SENDERS.containsValue(m.get("id").asText()), "a member is a connection that sent" + where);
      m.get("names").forEach(n -> assertNull(Names.problem(n.asText(), "name"), where));
    }
  }

  private static RelayEvent assertEvent(JsonNode payload, String where) {
    RelayEvent event = RelayEvent.fromWire(payload.path("event").asText());
    assertNotNull(event, where);
    String value = payload.path(event.aboutGroup() ? "group" : "name").asText(null);
    assertNotNull(value, where);
    assertNull(Names.problem(value, "name"), where);
    assertTrue(SENDERS.containsValue(payload.path("id").asText()), where);
    return event;
  }

  /**
   * Nothing came out: only a sendmessage that could not be tried (its 'to' is no connection ID) whose payload is
   * what an original client sends, an ACK or a REQ without the version marker (docs/protocol.md).
   */
  private static void assertWithheldForAnOriginalClient(String frame, String action, String where) {
    assertEquals(Action.SENDMESSAGE.wire(), action, "nothing out" + where);
    assertTrue(mayComeFromAnOriginalClient(frame) != Boolean.FALSE, "nothing out" + where);
  }

  /**
   * Whether the frame's payload is what an original client sends, an ACK or a REQ without the version marker
   * (docs/protocol.md); null when the payload has duplicate keys, as then which 'type' counts is the router's
   * reading (the first) and the tree cannot tell.
   */
  private static Boolean mayComeFromAnOriginalClient(String frame) {
    JsonNode payload;
    try {
      payload = NO_DUPLICATES.readTree(frame).get("payload");
    } catch (JsonProcessingException duplicateKeys) {
      return null;
    }
    String type = payload.path("type").isTextual() ? payload.get("type").asText() : null;
    return PayloadType.ACK.wire().equals(type)
        || (PayloadType.REQ.wire().equals(type) && !payload.has(ClientFrames.VERSION_FIELD));
  }

  /**
   * The first top-level string 'token' of the frame's payload, as the router reads it (a tree keeps the last of
   * duplicate keys); null when there is none.
   */
  private static String firstPayloadToken(String frame) {
    try (JsonParser p = STRICT.getFactory().createParser(frame)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String top = p.currentName();
        if (p.nextToken() == JsonToken.START_OBJECT && top.equals("payload")) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("token") && value == JsonToken.VALUE_STRING) {
              return p.getText();
            }
            p.skipChildren();
          }
          return null;
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      throw new AssertionError(e); // called only for frames that parsed
    }
    return null;
  }

  private static JsonNode parseOrNull(String frame) {
    try {
      return STRICT.readTree(frame);
    } catch (Exception e) {
      return null;
    }
  }

  private static String describe(List<String[]> out) {
    StringBuilder sb = new StringBuilder();
    for (String[] s : out) {
      sb.append("\n  -> ").append(s[0]).append(": ").append(s[1].length() > 300 ? s[1].substring(0, 300) : s[1]);
    }
    return sb.toString();
  }

  private static Set<String> relayCodes() {
    Set<String> names = new HashSet<>();
    for (ErrorCode c : EnumSet.allOf(ErrorCode.class)) {
      if (c.source() == ErrorCode.Source.RELAY) {
        names.add(c.wire());
      }
    }
    return Set.copyOf(names);
  }
}
