package dev.monologue.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.monologue.wire.CallFields;
import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.Fields;
import dev.monologue.wire.Frame;
import dev.monologue.wire.FrameReader;
import dev.monologue.wire.PayloadType;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Reads a delivered frame with the protocol's one reader ({@link FrameReader} in {@code wire}), in one streaming
 * pass: the envelope's {@code from} and the payload's {@code type}, {@code token} and {@code name} as strings,
 * {@code args} and {@code error} as trees, and an ACK's {@code ret} decoded straight into the type its pending call
 * expects, when {@code from}, {@code type} and {@code token} came before it (as the relay and this client write
 * them). A frame this pass does not take as it is (not JSON, a field twice, a field of an unexpected kind, a result
 * that does not decode) is read again as a whole tree, the way it always was, so that every frame is understood the
 * same either way.
 */
final class DeliveredFrames {
  /** The type a reply's result is expected as, if a call waits for it. */
  interface Replies {
    /** The result type of the call waiting for the reply {@code token} from {@code from}, or null. */
    Type expectedResult(String from, String token);
  }

  /** A result decoded while reading, and the type it was decoded as. */
  private record Bound(Object value, Type type) {}

  /** A deadline further away than a day is taken as a day: the callee keeps no timer longer. */
  static final long MAX_DEADLINE_MILLIS = Frame.MAX_DEADLINE_MILLIS;

  private final JsonCodec codec;
  private final ObjectMapper mapper;
  private final FrameReader reader;

  DeliveredFrames(JsonCodec codec) {
    this.codec = codec;
    this.mapper = codec.mapper();
    this.reader = new FrameReader(mapper.getFactory());
  }

  /**
   * The frame read, or null when it has no object payload.
   *
   * @throws IOException when it is not JSON
   */
  Incoming read(String text, Replies replies) throws IOException {
    Frame f = reader.read(text, (field, p, soFar) -> value(field, p, soFar, replies));
    if (f.problem() != null || f.irregular() || !f.hasPayload()) {
      return tree(mapper.readTree(text));
    }
    Object ret = f.value(Frame.Value.RET);
    Bound bound = ret instanceof Bound b ? b : null;
    return new Incoming(f.from(), f.type() == null ? "" : f.type(), f.token(), f.method(),
        (JsonNode) f.value(Frame.Value.ARGS), (JsonNode) f.value(Frame.Value.ERROR),
        bound == null ? (JsonNode) ret : null, bound == null ? null : bound.value(),
        bound == null ? null : bound.type(), f.versioned(), f.deadlineMillis(),
        (JsonNode) f.value(Frame.Value.METADATA), f.cancel());
  }

  private Object value(Frame.Value field, JsonParser p, Frame soFar, Replies replies) throws IOException {
    if (field == Frame.Value.RET) {
      Type expected = soFar.sawFrom() && soFar.from() != null && soFar.token() != null
          && PayloadType.ACK.wire().equals(soFar.type()) ? replies.expectedResult(soFar.from(), soFar.token())
          : null;
      if (expected != null) {
        return new Bound(codec.decode(p, expected), expected);
      }
    }
    return mapper.readTree(p);
  }

  /** The frame as the tree it always was read into; null without an object payload. */
  static Incoming tree(JsonNode frame) {
    JsonNode payload = frame == null ? null : frame.get(Fields.PAYLOAD);
    if (payload == null || !payload.isObject()) {
      return null;
    }
    return payload(frame.path(Fields.FROM).textValue(), payload);
  }

  /** A payload object from {@code from}, read from its tree. */
  static Incoming payload(String from, JsonNode payload) {
    return new Incoming(from, payload.path(Fields.TYPE).asText(""), payload.path(Fields.TOKEN).textValue(),
        payload.path(Fields.NAME).textValue(), payload.get(Fields.ARGS), payload.get(Fields.ERROR), payload.get(Fields.RET), null, null,
        versioned(payload.path(ClientFrames.VERSION_FIELD)),
        deadline(payload.path(CallFields.DEADLINE).isIntegralNumber()
            ? payload.path(CallFields.DEADLINE).numberValue() : null),
        payload.get(CallFields.METADATA), payload.path(CallFields.CANCEL).isBoolean()
            && payload.path(CallFields.CANCEL).booleanValue());
  }

  private static long deadline(Number n) {
    return Frame.deadline(n);
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

    /** The payload's {@code error} object, or a missing node, as {@code payload.path(Fields.ERROR)} gave it. */
    JsonNode errorOrMissing() {
      return error == null ? MissingNode.getInstance() : error;
    }
  }
}
