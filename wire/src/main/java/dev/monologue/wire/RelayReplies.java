package dev.monologue.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The frames the relay itself answers name and group actions and probes with, all from {@code $relay}: an ACK
 * carrying the action's result, the NAME_TAKEN refusal with the holder's age, discovery events and a fan-out's
 * report (docs/protocol.md, "Names and groups"). {@link RelayFrames} writes deliveries and relay errors.
 */
public final class RelayReplies {
  private static final JsonFactory JSON = new JsonFactory();

  private RelayReplies() {}

  /** Writes fields into an open object. */
  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** The answer to a probe whose target is connected: an ACK with {@code ret} {@code {"connected":true}}. */
  public static String connected(String to, String token) {
    return ack(to, token, g -> g.writeBooleanField(Fields.CONNECTED, true));
  }

  /**
   * The answer to a granted claim: {@code ret} {@code {"name":N,"tookOver":B,"leaseMillis":L}} ({@code tookOver}:
   * another connection held it).
   */
  public static String claimed(String to, String token, String name, boolean tookOver, Duration lease) {
    return ack(to, token, g -> {
      g.writeStringField(Fields.NAME, name);
      g.writeBooleanField(Fields.TOOK_OVER, tookOver);
      g.writeNumberField(NameLease.ACK_FIELD, lease.toMillis());
    });
  }

  /** The answer to a {@code release}, or to an {@code unwatch} of a name: {@code ret} {@code {"name":N}}. */
  public static String name(String to, String token, String name) {
    return ack(to, token, g -> g.writeStringField(Fields.NAME, name));
  }

  /** The answer to an {@code unwatch} of a group: {@code ret} {@code {"group":G}}. */
  public static String group(String to, String token, String group) {
    return ack(to, token, g -> g.writeStringField(Fields.GROUP, group));
  }

  /**
   * The answer to a {@code join} or {@code leave}: {@code ret} {@code {"group":G,"changed":B}}, and for a join
   * {@code "leaseMillis":L}, the lease its member keeps alive within; {@code lease} is null for a leave.
   */
  public static String membership(String to, String token, String group, boolean changed, Duration lease) {
    return ack(to, token, g -> {
      g.writeStringField(Fields.GROUP, group);
      g.writeBooleanField(Fields.CHANGED, changed);
      if (lease != null) {
        g.writeNumberField(NameLease.ACK_FIELD, lease.toMillis());
      }
    });
  }

  /** The answer to a {@code watch} of a name: {@code ret} {@code {"name":N,"id":HOLDER}}, no {@code id} when free. */
  public static String holder(String to, String token, String name, String holder) {
    return ack(to, token, g -> {
      g.writeStringField(Fields.NAME, name);
      if (holder != null) {
        g.writeStringField(Fields.ID, holder);
      }
    });
  }

  /**
   * The answer to {@code members}, or to a {@code watch} of a group:
   * {@code ret} {@code {"group":G,"members":[{"id":..,"names":[..]},…]}}, each member's ID and names read by
   * {@code id} and {@code names}.
   */
  public static <M> String members(String to, String token, String group, List<M> members,
      Function<M, String> id, Function<M, List<String>> names) {
    return ack(to, token, g -> {
      g.writeStringField(Fields.GROUP, group);
      g.writeArrayFieldStart(Fields.MEMBERS);
      for (M m : members) {
        g.writeStartObject();
        g.writeStringField(Fields.ID, id.apply(m));
        g.writeArrayFieldStart(Fields.NAMES);
        for (String n : names.apply(m)) {
          g.writeString(n);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  /** {@code {"type":"ACK","token":K,"ret":{...}}} from {@code $relay}; {@code ret} is an object written by body. */
  private static String ack(String to, String token, Body ret) {
    return frame(to, g -> {
      g.writeStringField(Fields.TYPE, PayloadType.ACK.wire());
      token(g, token);
      g.writeObjectFieldStart(Fields.RET);
      ret.write(g);
      g.writeEndObject();
    });
  }

  /** The refusal of a claim: NAME_TAKEN with the holder's claim age in milliseconds, never its ID. */
  public static String nameTaken(String to, String token, String name, Duration heldFor) {
    String message = "name '" + name + "' is held by another connection (claimed " + describe(heldFor)
        + " ago); the same owner claims it back with its owner secret (key), another with takeover where the"
        + " relay's policy allows it";
    return frame(to, g -> {
      g.writeStringField(Fields.TYPE, PayloadType.ERR.wire());
      token(g, token);
      g.writeObjectFieldStart(Fields.ERROR);
      g.writeStringField(Fields.CODE, ErrorCode.NAME_TAKEN.wire());
      g.writeStringField(Fields.MESSAGE, message);
      g.writeStringField(Fields.SOURCE, Fields.SOURCE_RELAY);
      g.writeNumberField(Fields.HELD_FOR_MILLIS, heldFor.toMillis());
      g.writeEndObject();
    });
  }

  /** {@code {"type":"EVENT","event":E,"name"|"group":V,"id":ID}}: a discovery event. */
  public static String event(String to, RelayEvent event, String value, String id) {
    return frame(to, g -> {
      g.writeStringField(Fields.TYPE, PayloadType.EVENT.wire());
      g.writeStringField(Fields.EVENT, event.wire());
      g.writeStringField(event.aboutGroup() ? Fields.GROUP : Fields.NAME, value);
      g.writeStringField(Fields.ID, id);
    });
  }

  /**
   * {@code {"type":"FANOUT","token":K,"ret":{"group":G,"delivered":[{"id":..}],"failed":[{"id":..,"code":..}]}}};
   * each of {@code failed} is an ID and its code.
   */
  public static String fanout(String to, String token, String group, List<String> delivered, List<String[]> failed) {
    return frame(to, g -> {
      g.writeStringField(Fields.TYPE, PayloadType.FANOUT.wire());
      token(g, token);
      g.writeObjectFieldStart(Fields.RET);
      g.writeStringField(Fields.GROUP, group);
      g.writeArrayFieldStart(Fields.DELIVERED);
      for (String id : delivered) {
        g.writeStartObject();
        g.writeStringField(Fields.ID, id);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart(Fields.FAILED);
      for (String[] f : failed) {
        g.writeStartObject();
        g.writeStringField(Fields.ID, f[0]);
        g.writeStringField(Fields.CODE, f[1]);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void token(JsonGenerator g, String token) throws IOException {
    if (token != null) {
      g.writeStringField(Fields.TOKEN, token);
    }
  }

  private static String frame(String to, Body payload) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(Fields.TO, to);
      g.writeStringField(Fields.FROM, ReservedSenders.RELAY);
      g.writeObjectFieldStart(Fields.PAYLOAD);
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
