package dev.monologue.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The REQ and ACK frames of the bare contender, written and read with Jackson's streaming API as a careful
 * hand-written client would: the same frames Monologue sends, with no RPC layer around them.
 */
final class BareFrames {
  private static final JsonFactory JSON = new JsonFactory();

  private BareFrames() {}

  static String request(String to, String token, String argument) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("action", "sendmessage");
      g.writeStringField("to", to);
      g.writeObjectFieldStart("payload");
      g.writeStringField("type", "REQ");
      g.writeStringField("token", token);
      g.writeStringField("name", "echo");
      g.writeArrayFieldStart("args");
      g.writeString(argument);
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String reply(String to, String token, String result) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("action", "sendmessage");
      g.writeStringField("to", to);
      g.writeObjectFieldStart("payload");
      g.writeStringField("type", "ACK");
      g.writeStringField("token", token);
      g.writeStringField("ret", result);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** What the bare sides read from a delivered frame: the sender, the payload's token and one string value. */
  record Delivered(String from, String token, String value) {
    /** {@code valueField} is {@code args} (its first element is taken) or {@code ret}. */
    static Delivered parse(String frame, String valueField) {
      String from = null;
      String token = null;
      String value = null;
      try (JsonParser p = JSON.createParser(frame)) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if ("from".equals(field)) {
            from = p.getText();
          } else if ("payload".equals(field) && t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String inner = p.currentName();
              JsonToken v = p.nextToken();
              if ("token".equals(inner)) {
                token = p.getText();
              } else if (valueField.equals(inner) && v == JsonToken.START_ARRAY) {
                p.nextToken();
                value = p.getText();
                p.skipChildren();
                while (p.currentToken() != JsonToken.END_ARRAY) {
                  p.nextToken();
                }
              } else if (valueField.equals(inner)) {
                value = p.getText();
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Delivered(from, token, value);
    }
  }
}
