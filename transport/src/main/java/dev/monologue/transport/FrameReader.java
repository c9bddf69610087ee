package dev.monologue.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.monologue.wire.CallFields;
import dev.monologue.wire.ClientFrames;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Reads a delivered frame in one streaming pass: the envelope's {@code from} and the payload's {@code type},
 * {@code token} and {@code name} as strings, {@code args} and {@code error} as trees, and an ACK's {@code ret} decoded
 * straight into the type its pending call expects, when {@code from}, {@code type} and {@code token} came before it
 * (as the relay and this client write them). A frame this pass does not take as it is (not JSON, a field twice, a
 * field of an unexpected kind, a result that does not decode) is read again as a whole tree, the way it always was,
 * so that every frame is understood the same either way.
 */
final class FrameReader {
  /** The type a reply's result is expected as, if a call waits for it. */
  interface Replies {
    /** The result type of the call waiting for the reply {@code token} from {@code from}, or null. */
    Type expectedResult(String from, String token);
  }

  /** Why the fast pass gave up; never seen outside this class. */
  private static final class Reread extends Exception {
    private static final Reread INSTANCE = new Reread();

    private Reread() {
      super(null, null, false, false);
    }
  }

  /** A deadline further away than a day is taken as a day: the callee keeps no timer longer. */
  static final long MAX_DEADLINE_MILLIS = 24L * 60 * 60 * 1000;

  private final JsonCodec codec;
  private final ObjectMapper mapper;
  private final JsonFactory factory;

  FrameReader(JsonCodec codec) {
    this.codec = codec;
    this.mapper = codec.mapper();
    this.factory = mapper.getFactory();
  }

  /**
   * The frame read, or null when it has no object payload.
   *
   * @throws IOException when it is not JSON
   */
  Incoming read(String text, Replies replies) throws IOException {
    try {
      return stream(text, replies);
    } catch (Reread | IOException | RuntimeException e) {
      return tree(mapper.readTree(text));
    }
  }

  private Incoming stream(String text, Replies replies) throws IOException, Reread {
    try (JsonParser p = factory.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw Reread.INSTANCE;
      }
      String from = null;
      boolean seenFrom = false;
      Incoming payload = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if ("from".equals(field)) {
          if (seenFrom) {
            throw Reread.INSTANCE;
          }
          seenFrom = true;
          from = textValue(p);
        } else if ("payload".equals(field)) {
          if (payload != null || p.currentToken() != JsonToken.START_OBJECT) {
            throw Reread.INSTANCE;
          }
          payload = payload(p, seenFrom ? from : null, seenFrom, replies);
        } else {
          p.skipChildren();
        }
      }
      if (payload == null) {
        throw Reread.INSTANCE;
      }
      return payload.from() == from ? payload : payload.from(from);
    }
  }

  private Incoming payload(JsonParser p, String from, boolean fromKnown, Replies replies) throws IOException, Reread {
    String type = null;
    String token = null;
    String name = null;
    JsonNode args = null;
    JsonNode error = null;
    JsonNode retNode = null;
    Object ret = null;
    Type decodedAs = null;
    boolean versioned = false;
    long deadlineMillis = -1;
    JsonNode metadata = null;
    boolean cancel = false;
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      int bit = switch (field) {
        case "type" -> 1;
        case "token" -> 2;
        case "name" -> 4;
        case "args" -> 8;
        case "error" -> 16;
        case "ret" -> 32;
        case ClientFrames.VERSION_FIELD -> 64;
        case CallFields.DEADLINE -> 128;
        case CallFields.METADATA -> 256;
        case CallFields.CANCEL -> 512;
        default -> 0;
      };
      if ((seen & bit) != 0) {
        throw Reread.INSTANCE; // a field twice: the tree keeps the last, let it decide
      }
      seen |= bit;
      switch (bit) {
        case 1 -> {
          if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw Reread.INSTANCE;
          }
          type = p.getText();
        }
        case 2 -> token = textValue(p);
        case 4 -> name = textValue(p);
        case 8 -> args = mapper.readTree(p);
        case 16 -> error = mapper.readTree(p);
        case 64 -> {
          versioned = p.currentToken() == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() == JsonParser.NumberType.INT && p.getIntValue() >= ClientFrames.VERSION;
          p.skipChildren();
        }
        case 128 -> {
          deadlineMillis = deadline(p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getNumberValue() : null);
          p.skipChildren();
        }
        case 256 -> metadata = mapper.readTree(p);
        case 512 -> {
          cancel = p.currentToken() == JsonToken.VALUE_TRUE;
          p.skipChildren();
        }
        case 32 -> {
          Type expected = fromKnown && "ACK".equals(type) && token != null && from != null
              ? replies.expectedResult(from, token) : null;
          if (expected != null) {
            ret = codec.decode(p, expected);
            decodedAs = expected;
          } else {
            retNode = mapper.readTree(p);
          }
        }
        default -> p.skipChildren();
      }
    }
    return new Incoming(from, type == null ? "" : type, token, name, args, error, retNode, ret, decodedAs,
        versioned, deadlineMillis, metadata, cancel);
  }

  /** {@code JsonNode.textValue()} of the value under the parser: its text if a string, else null. */
  private static String textValue(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** The frame as the tree it always was read into; null without an object payload. */
  static Incoming tree(JsonNode frame) {
    JsonNode payload = frame == null ? null : frame.get("payload");
    if (payload == null || !payload.isObject()) {
      return null;
    }
    return payload(frame.path("from").textValue(), payload);
  }

  /** A payload object from {@code from}, read from its tree. */
  static Incoming payload(String from, JsonNode payload) {
    return new Incoming(from, payload.path("type").asText(""), payload.path("token").textValue(),
        payload.path("name").textValue(), payload.get("args"), payload.get("error"), payload.get("ret"), null, null,
        versioned(payload.path(ClientFrames.VERSION_FIELD)),
        deadline(payload.path(CallFields.DEADLINE).isIntegralNumber()
            ? payload.path(CallFields.DEADLINE).numberValue() : null),
        payload.get(CallFields.METADATA), payload.path(CallFields.CANCEL).isBoolean()
            && payload.path(CallFields.CANCEL).booleanValue());
  }

  /** A deadline field's milliseconds: -1 when absent or not a whole number of at least 0; capped at a day. */
  private static long deadline(Number n) {
    if (n == null || n.doubleValue() < 0) {
      return -1;
    }
    // a BigInteger beyond a long is far away too
    return n.doubleValue() >= MAX_DEADLINE_MILLIS ? MAX_DEADLINE_MILLIS : n.longValue();
  }

  private static boolean versioned(JsonNode v) {
    return v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= ClientFrames.VERSION;
  }

  /**
   * One delivered frame, as far as the client reads it. {@code type} is "" when absent; {@code args}, {@code error}
   * and {@code retNode} are null when absent; {@code ret} holds the result already decoded as {@code decodedAs},
   * when a call waiting for it was known while reading. {@code versioned}: the payload carries the version marker
   * of Java clients ({@link ClientFrames#VERSION_FIELD}); a REQ without it came from an original client. The call
   * context ({@link CallFields}): {@code deadlineMillis} the caller's time left (-1: none sent), {@code metadata}
   * the request's metadata or a reply's trailers as sent (null: none), {@code cancel} an ACK that cancels a call.
   */
  record Incoming(String from, String type, String token, String name, JsonNode args, JsonNode error,
      JsonNode retNode, Object ret, Type decodedAs, boolean versioned, long deadlineMillis, JsonNode metadata,
      boolean cancel) {
    Incoming from(String sender) {
      return new Incoming(sender, type, token, name, args, error, retNode, ret, decodedAs, versioned,
          deadlineMillis, metadata, cancel);
    }

    /** Whether {@code ret} holds the result decoded while reading (as {@code decodedAs}). */
    boolean decoded() {
      return decodedAs != null;
    }

    /** The payload's {@code error} object, or a missing node, as {@code payload.path("error")} gave it. */
    JsonNode errorOrMissing() {
      return error == null ? MissingNode.getInstance() : error;
    }
  }
}
