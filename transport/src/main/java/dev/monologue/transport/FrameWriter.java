package dev.monologue.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Writes complete client frames in one pass with a streaming generator: no intermediate tree. Values are written
 * with the writer of their declared type when there is one, else by their runtime class.
 */
final class FrameWriter {
  private final JsonCodec codec;
  private final JsonFactory factory;

  FrameWriter(JsonCodec codec) {
    this.codec = codec;
    this.factory = codec.mapper().getFactory();
  }

  /** {@code {"action":"whoami","payload":{"token":T}}}. */
  String whoami(String token) throws IOException {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("action", "whoami");
      g.writeObjectFieldStart("payload");
      g.writeStringField("token", token);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toString();
  }

  /** A liveness probe of {@code to}: {@code {"type":"PING","token":T}}, answered by a PONG. */
  String ping(String to, String token) {
    return probe(to, "PING", token);
  }

  /** The answer to a PING: {@code {"type":"PONG","token":T}}. */
  String pong(String to, String token) {
    return probe(to, "PONG", token);
  }

  private String probe(String to, String type, String token) {
    StringWriter out = new StringWriter(96);
    try (JsonGenerator g = factory.createGenerator(out)) {
      startSend(g, to, type, token);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      // Only strings are written to an in-memory writer: this cannot happen.
      throw new IllegalStateException("could not write a " + type + " frame", e);
    }
    return out.toString();
  }

  /** The size of {@code frame} in UTF-8 bytes, without encoding it. */
  static long utf8Length(String frame) {
    long bytes = 0;
    int n = frame.length();
    for (int i = 0; i < n; i++) {
      char ch = frame.charAt(i);
      if (ch < 0x80) {
        bytes++;
      } else if (ch < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(frame.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3; // a lone surrogate is written as '?' (1 byte) or kept; 3 bounds it from above
      }
    }
    return bytes;
  }

  /** A REQ to {@code to}; {@code types} holds the declared parameter types, or is null to use runtime classes. */
  String request(String to, String token, String name, Object[] args, List<Type> types) throws IOException {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = factory.createGenerator(out)) {
      startSend(g, to, "REQ", token);
      g.writeStringField("name", name);
      g.writeArrayFieldStart("args");
      for (int i = 0; i < args.length; i++) {
        writeValue(g, args[i], types == null || i >= types.size() ? null : types.get(i));
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toString();
  }

  /** An ACK to {@code to} carrying {@code value}, written as {@code type} (null: by runtime class). */
  String ack(String to, String token, Object value, Type type) throws IOException {
    StringWriter out = new StringWriter(96);
    try (JsonGenerator g = factory.createGenerator(out)) {
      startSend(g, to, "ACK", token);
      g.writeFieldName("ret");
      writeValue(g, value, type);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toString();
  }

  /** An ERR to {@code to}; {@code message} and {@code remoteType} may be null. */
  String error(String to, String token, String code, String message, String remoteType) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = factory.createGenerator(out)) {
      startSend(g, to, "ERR", token);
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      if (remoteType != null) {
        g.writeStringField("remoteType", remoteType);
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      // Only strings are written to an in-memory writer: this cannot happen.
      throw new IllegalStateException("could not write an error frame", e);
    }
    return out.toString();
  }

  private static void startSend(JsonGenerator g, String to, String type, String token) throws IOException {
    g.writeStartObject();
    g.writeStringField("action", "sendmessage");
    g.writeStringField("to", to);
    g.writeObjectFieldStart("payload");
    g.writeStringField("type", type);
    g.writeStringField("token", token);
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
