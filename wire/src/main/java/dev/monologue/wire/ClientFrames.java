package dev.monologue.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the frames a client sends, in one pass with a streaming generator of the given factory (the client's
 * own, so that its generator settings apply): {@code whoami}, liveness probes and error replies whole, and the
 * common start of every {@code sendmessage} for frames whose values need data binding (requests, replies).
 */
public final class ClientFrames {
  private static final String PAYLOAD_FIELD = "\"" + Fields.PAYLOAD + "\":";
  /** The field of {@code sendmessage} and {@code probe} that holds a target connection ID, and only that. */
  public static final String TO_FIELD = Fields.TO;
  /** The field of {@code sendmessage} and {@code probe} that holds a target name, resolved by the relay. */
  public static final String NAME_FIELD = Fields.NAME;

  /** How every {@code sendmessage} frame {@link #startSend} writes starts, up to the target ID's first character. */
  public static final String SEND_TO_PREFIX =
      "{\"" + Fields.ACTION + "\":\"" + Action.SENDMESSAGE.wire() + "\",\"" + Fields.TO + "\":\"";
  /** How a {@code sendmessage} frame to a name starts, up to the name's first character. */
  public static final String SEND_TO_NAME_PREFIX =
      "{\"" + Fields.ACTION + "\":\"" + Action.SENDMESSAGE.wire() + "\",\"" + Fields.NAME + "\":\"";
  /** How a {@code sendany} frame starts, up to the group's first character. */
  public static final String SEND_ANY_PREFIX =
      "{\"" + Fields.ACTION + "\":\"" + Action.SENDANY.wire() + "\",\"" + Fields.GROUP + "\":\"";
  /** How a {@code sendall} frame starts, up to the group's first character. */
  public static final String SEND_ALL_PREFIX =
      "{\"" + Fields.ACTION + "\":\"" + Action.SENDALL.wire() + "\",\"" + Fields.GROUP + "\":\"";

  private final JsonFactory factory;

  public ClientFrames(JsonFactory factory) {
    this.factory = Objects.requireNonNull(factory, "factory == null");
  }

  /** The factory frames are written with. */
  public JsonFactory factory() {
    return factory;
  }

  /** {@code {"action":"keepalive"}}: answered with a {@link KeepAliveAnswer}, by API Gateway itself on AWS. */
  public static final String KEEPALIVE = "{\"" + Fields.ACTION + "\":\"" + Action.KEEPALIVE.wire() + "\"}";

  /** {@code {"action":"whoami","payload":{"token":T}}}. */
  public String whoami(String token) throws IOException {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(Fields.ACTION, Action.WHOAMI.wire());
      g.writeObjectFieldStart(Fields.PAYLOAD);
      g.writeStringField(Fields.TOKEN, token);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toString();
  }

  /**
   * The field every REQ a Java client sends carries, with {@link #VERSION}: a REQ without it came from a client of
   * the original JavaScript Monologue, which cannot read an ERR (docs/protocol.md).
   */
  public static final String VERSION_FIELD = "v";
  /** The protocol generation of Java clients, the value of {@link #VERSION_FIELD}. */
  public static final int VERSION = 2;

  /**
   * Asks the relay whether {@code to} is connected: {@code {"action":"probe","to":T,"payload":{"token":K}}},
   * answered by the relay with an ACK ({@code {"connected":true}}) or {@code PEER_GONE}; {@code to} sees nothing.
   */
  public String probe(String to, String token) {
    return probe(TO_FIELD, to, token);
  }

  /**
   * Asks the relay whether the holder of name {@code name} is connected:
   * {@code {"action":"probe","name":N,"payload":{"token":K}}}; {@code PEER_GONE} when nobody holds it.
   */
  public String probeName(String name, String token) {
    return probe(NAME_FIELD, name, token);
  }

  private String probe(String field, String target, String token) {
    StringWriter out = new StringWriter(96);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(Fields.ACTION, Action.PROBE.wire());
      g.writeStringField(field, target);
      g.writeObjectFieldStart(Fields.PAYLOAD);
      g.writeStringField(Fields.TOKEN, token);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      // Only strings are written to an in-memory writer: this cannot happen.
      throw new IllegalStateException("could not write a probe frame", e);
    }
    return out.toString();
  }

  /**
   * A request to the relay itself (docs/protocol.md, "Names and groups"):
   * {@code {"action":A,F:V[,"key":K][,"takeover":true],"payload":{"token":T}}}, {@code field} being
   * {@link Fields#NAME} or {@link Fields#GROUP}; {@code key} null and {@code takeover} false are left out.
   */
  public String relayRequest(Action action, String field, String value, String key, boolean takeover,
      String token) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(Fields.ACTION, action.wire());
      g.writeStringField(field, value);
      if (key != null) {
        g.writeStringField(Fields.KEY, key);
      }
      if (takeover) {
        g.writeBooleanField(Fields.TAKEOVER, true);
      }
      g.writeObjectFieldStart(Fields.PAYLOAD);
      g.writeStringField(Fields.TOKEN, token);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      // Only strings are written to an in-memory writer: this cannot happen.
      throw new IllegalStateException("could not write a " + action.wire() + " frame", e);
    }
    return out.toString();
  }

  /** The answer to a PING (which earlier Java clients send): {@code {"type":"PONG","token":T}}. */
  public String pong(String to, String token) {
    return bare(to, PayloadType.PONG, token);
  }

  /**
   * Tells the callee {@code to} that the call {@code token} is cancelled:
   * {@code {"action":"sendmessage","to":T,"payload":{"type":"ACK","token":K,"cancel":true}}} (see
   * {@link CallFields#CANCEL} for why an ACK).
   */
  public String cancel(String to, String token) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = factory.createGenerator(out)) {
      startSend(g, to, PayloadType.ACK, token);
      g.writeBooleanField(CallFields.CANCEL, true);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      // Only strings are written to an in-memory writer: this cannot happen.
      throw new IllegalStateException("could not write a cancel frame", e);
    }
    return out.toString();
  }

  private String bare(String to, PayloadType type, String token) {
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

  /** An ERR to {@code to}; {@code message} and {@code remoteType} may be null. */
  public String error(String to, String token, ErrorCode code, String message, String remoteType) {
    return error(to, token, code, message, remoteType, null);
  }

  /** An ERR to {@code to} with {@code trailers} ({@link CallFields#METADATA}; null or empty: none). */
  public String error(String to, String token, ErrorCode code, String message, String remoteType,
      Map<String, String> trailers) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = factory.createGenerator(out)) {
      startSend(g, to, PayloadType.ERR, token);
      g.writeObjectFieldStart(Fields.ERROR);
      g.writeStringField(Fields.CODE, code.wire());
      g.writeStringField(Fields.MESSAGE, message);
      if (remoteType != null) {
        g.writeStringField(Fields.REMOTE_TYPE, remoteType);
      }
      g.writeEndObject();
      writeMetadata(g, trailers);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      // Only strings are written to an in-memory writer: this cannot happen.
      throw new IllegalStateException("could not write an error frame", e);
    }
    return out.toString();
  }

  /**
   * The UTF-8 size of the payload of {@code frame}, given the frame's own UTF-8 size {@code frameBytes}: for a
   * frame that ends with its payload, as every frame {@link #startSend} starts does, and its {@code sendany} and
   * {@code sendall} forms. The relay delivers that payload wrapped anew ({@link RelayFrames#maxDeliveredBytes}).
   *
   * @throws IllegalArgumentException if {@code frame} has no payload as its last field
   */
  public static long payloadBytes(String frame, long frameBytes) {
    // no string in the envelope holds this text unescaped, so its first occurrence is the payload's key
    int at = frame.indexOf(PAYLOAD_FIELD);
    if (at < 0 || !frame.endsWith("}")) {
      throw new IllegalArgumentException("not a frame ending with its payload: "
          + frame.substring(0, Math.min(40, frame.length())));
    }
    return frameBytes - Utf8.length(frame.subSequence(0, at + PAYLOAD_FIELD.length())) - 1;
  }

  /** Writes {@code metadata} as the payload's {@link CallFields#METADATA} object; nothing if null or empty. */
  public static void writeMetadata(JsonGenerator g, Map<String, String> metadata) throws IOException {
    if (metadata == null || metadata.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart(CallFields.METADATA);
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /**
   * Writes the start of a {@code sendmessage} frame: its {@code action} and {@code to}, then the payload's
   * {@code type} and {@code token}, leaving both objects open: the caller writes the payload's further fields, then
   * closes both.
   */
  public static void startSend(JsonGenerator g, String to, PayloadType type, String token) throws IOException {
    g.writeStartObject();
    g.writeStringField(Fields.ACTION, Action.SENDMESSAGE.wire());
    g.writeStringField(TO_FIELD, to);
    g.writeObjectFieldStart(Fields.PAYLOAD);
    g.writeStringField(Fields.TYPE, type.wire());
    g.writeStringField(Fields.TOKEN, token);
  }
}
