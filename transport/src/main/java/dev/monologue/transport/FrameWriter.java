package dev.monologue.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.monologue.wire.CallFields;
import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.PayloadType;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * Writes complete client frames in one pass with a streaming generator: no intermediate tree. The frames that
 * carry only strings are the wire module's ({@link ClientFrames}); requests and replies add values, written with
 * the writer of their declared type when there is one, else by their runtime class.
 */
final class FrameWriter {
  private final JsonCodec codec;
  private final JsonFactory factory;
  private final ClientFrames frames;

  FrameWriter(JsonCodec codec) {
    this.codec = codec;
    this.factory = codec.mapper().getFactory();
    this.frames = new ClientFrames(factory);
  }

  /** {@code {"action":"keepalive"}}, answered by the relay (on AWS, API Gateway itself) with a keep-alive answer. */
  String keepAlive() {
    return ClientFrames.KEEPALIVE;
  }

  /** {@code {"action":"whoami","payload":{"token":T}}}. */
  String whoami(String token) throws IOException {
    return frames.whoami(token);
  }

  /**
   * Asks the relay whether {@code to} is connected: {@code {"action":"probe","to":T,"payload":{"token":K}}}, or,
   * for a name, whether its holder is ({@code "name":N} instead of {@code "to"}).
   */
  String probe(String to, String token) {
    return Addresses.isName(to) ? frames.probeName(to, token) : frames.probe(to, token);
  }

  /** The answer to a PING: {@code {"type":"PONG","token":T}}. */
  String pong(String to, String token) {
    return frames.pong(to, token);
  }

  /** An ERR to {@code to}; {@code message} and {@code remoteType} may be null. */
  String error(String to, String token, ErrorCode code, String message, String remoteType) {
    return frames.error(to, token, code, message, remoteType);
  }

  /** An ERR to {@code to} with the reply's {@code trailers} (null: none). */
  String error(String to, String token, ErrorCode code, String message, String remoteType,
      Map<String, String> trailers) {
    return frames.error(to, token, code, message, remoteType, trailers);
  }

  /** Tells callee {@code to} that the call {@code token} is cancelled. */
  String cancel(String to, String token) {
    return frames.cancel(to, token);
  }

  /**
   * A REQ to {@code to} with {@code deadlineMillis}, the call's time left, and no metadata; {@code types} holds the
   * declared parameter types, or is null to use runtime classes.
   */
  String request(String to, String token, String name, Object[] args, List<Type> types, long deadlineMillis)
      throws IOException {
    return request(to, token, name, args, types, deadlineMillis, null);
  }

  /** A REQ with the call's time left {@code deadlineMillis} and its {@code metadata} (null: none). */
  String request(String to, String token, String name, Object[] args, List<Type> types, long deadlineMillis,
      Map<String, String> metadata) throws IOException {
    // room for the envelope (about 140 chars) and small arguments without growing
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = factory.createGenerator(out)) {
      ClientFrames.startSend(g, to, PayloadType.REQ, token);
      g.writeStringField(Fields.NAME, name);
      g.writeArrayFieldStart(Fields.ARGS);
      for (int i = 0; i < args.length; i++) {
        writeValue(g, args[i], types == null || i >= types.size() ? null : types.get(i));
      }
      g.writeEndArray();
      g.writeNumberField(ClientFrames.VERSION_FIELD, ClientFrames.VERSION);
      g.writeNumberField(CallFields.DEADLINE, deadlineMillis);
      ClientFrames.writeMetadata(g, metadata);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toString();
  }

  /** An ACK to {@code to} carrying {@code value}, written as {@code type} (null: by runtime class). */
  String ack(String to, String token, Object value, Type type) throws IOException {
    return ack(to, token, value, type, null);
  }

  /** An ACK with the reply's {@code trailers} (null: none). */
  String ack(String to, String token, Object value, Type type, Map<String, String> trailers) throws IOException {
    StringWriter out = new StringWriter(192);
    try (JsonGenerator g = factory.createGenerator(out)) {
      ClientFrames.startSend(g, to, PayloadType.ACK, token);
      g.writeFieldName(Fields.RET);
      writeValue(g, value, type);
      ClientFrames.writeMetadata(g, trailers);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toString();
  }

  private void writeValue(JsonGenerator g, Object value, Type type) throws IOException {
    if (value == null || JsonCodec.isVoid(type)) {
      g.writeNull();
      return;
    }
    ObjectWriter writer = codec.writer(type);
    if (writer != null) {
      writer.writeValue(g, value);
    } else {
      codec.mapper().writeValue(g, value);
    }
  }
}
