package dev.monologue.relay.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.FanOutReport;
import dev.monologue.wire.RelayEvent;
import dev.monologue.wire.ReservedSenders;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * The frames the relay itself answers name and group actions with, all from {@code $relay}: an ACK carrying the
 * action's result, the NAME_TAKEN refusal with the holder's age, discovery events and a fan-out's report
 * (docs/protocol.md, "Names and groups").
 */
final class RelayReplies {
  private static final JsonFactory JSON = new JsonFactory();

  private RelayReplies() {}

  /** Writes the {@code ret} of an ACK (or any payload field) into an open generator. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** {@code {"type":"ACK","token":K,"ret":{...}}} from {@code $relay}; {@code ret} is an object written by body. */
  static String ack(String to, String token, Body ret) {
    return frame(to, g -> {
      g.writeStringField("type", "ACK");
      token(g, token);
      g.writeObjectFieldStart("ret");
      ret.write(g);
      g.writeEndObject();
    });
  }

  /** The refusal of a claim: NAME_TAKEN with the holder's claim age in milliseconds, never its ID. */
  static String nameTaken(String to, String token, String name, Duration heldFor) {
    String message = "name '" + name + "' is held by another connection (claimed " + describe(heldFor)
        + " ago); the same owner claims it back with its owner secret (key), another with takeover where the"
        + " relay's policy allows it";
    return frame(to, g -> {
      g.writeStringField("type", "ERR");
      token(g, token);
      g.writeObjectFieldStart("error");
      g.writeStringField("code", ErrorCode.NAME_TAKEN.wire());
      g.writeStringField("message", message);
      g.writeStringField("source", "relay");
      g.writeNumberField("heldForMillis", heldFor.toMillis());
      g.writeEndObject();
    });
  }

  /** {@code {"type":"EVENT","event":E,"name"|"group":V,"id":ID}}: a discovery event. */
  static String event(String to, RelayEvent event, String value, String id) {
    return frame(to, g -> {
      g.writeStringField("type", RelayEvent.TYPE);
      g.writeStringField("event", event.wire());
      g.writeStringField(event.aboutGroup() ? "group" : "name", value);
      g.writeStringField("id", id);
    });
  }

  /** {@code {"type":"FANOUT","token":K,"ret":{"group":G,"delivered":[{"id":..}],"failed":[{"id":..,"code":..}]}}}. */
  static String fanout(String to, String token, String group, List<String> delivered, List<String[]> failed) {
    return frame(to, g -> {
      g.writeStringField("type", FanOutReport.TYPE);
      token(g, token);
      g.writeObjectFieldStart("ret");
      g.writeStringField("group", group);
      g.writeArrayFieldStart("delivered");
      for (String id : delivered) {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("failed");
      for (String[] f : failed) {
        g.writeStartObject();
        g.writeStringField("id", f[0]);
        g.writeStringField("code", f[1]);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** {@code "members":[{"id":..,"names":[..]},…]} inside an open object. */
  static void members(JsonGenerator g, List<NameRegistry.Member> members) throws IOException {
    g.writeArrayFieldStart("members");
    for (NameRegistry.Member m : members) {
      member(g, m);
    }
    g.writeEndArray();
  }

  private static void member(JsonGenerator g, NameRegistry.Member m) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", m.id());
    g.writeArrayFieldStart("names");
    for (String n : m.names()) {
      g.writeString(n);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void token(JsonGenerator g, String token) throws IOException {
    if (token != null) {
      g.writeStringField("token", token);
    }
  }

  private static String frame(String to, Body payload) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("to", to);
      g.writeStringField("from", ReservedSenders.RELAY);
      g.writeObjectFieldStart("payload");
      payload.write(g);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static String describe(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    return s / 3600 + " h";
  }
}
