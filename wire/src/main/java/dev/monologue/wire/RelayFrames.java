package dev.monologue.wire;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Objects;

/**
 * Writes the frames the relay sends: a delivered message {@code {"to":T,"from":S,"payload":P}} with the payload
 * copied verbatim, and a relay error frame. Plain string building with JSON escaping, no tree, one allocation.
 */
public final class RelayFrames {
  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

  /**
   * The longest connection ID a relay gives, in characters: the local relay's 22 (16 random bytes, unpadded
   * base64url); API Gateway's are 16. IDs are ASCII and need no JSON escaping, so their characters are bytes.
   */
  public static final int MAX_CONNECTION_ID_CHARS = 22;
  /** What {@link #deliver} writes around a payload besides the two IDs: {@code {"to":"","from":"","payload":}}. */
  static final int DELIVERY_TEXT_CHARS = 30;
  /**
   * The most a delivery adds to a payload, in bytes (74): the envelope, and the longest IDs in {@code to} and
   * {@code from}. A name in a client's {@code to} is delivered as its holder's ID.
   */
  public static final int MAX_DELIVERY_OVERHEAD = DELIVERY_TEXT_CHARS + 2 * MAX_CONNECTION_ID_CHARS;

  private RelayFrames() {}

  /** The largest size, in UTF-8 bytes, of the delivered form of a message whose payload is {@code payloadBytes}. */
  public static long maxDeliveredBytes(long payloadBytes) {
    return payloadBytes + MAX_DELIVERY_OVERHEAD;
  }

  /** {@code {"to":to,"from":from,"payload":<payload>}}, {@code payload} being JSON text copied as is. */
  public static String deliver(String to, String from, CharSequence payload) {
    Objects.requireNonNull(payload, "payload == null");
    return deliver(to, from, payload, 0, payload.length());
  }

  /**
   * {@code {"to":to,"from":from,"payload":<source[start,end)>}}: the payload is the JSON text between the two
   * offsets of {@code source}, copied without parsing it again.
   */
  public static String deliver(String to, String from, CharSequence source, int start, int end) {
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(source, "source == null");
    Objects.checkFromToIndex(start, end, source.length());
    // IDs rarely need escaping, so their length is a good guess.
    StringBuilder sb = new StringBuilder(DELIVERY_TEXT_CHARS + to.length() + from.length() + (end - start));
    sb.append("{\"to\":");
    appendString(sb, to);
    sb.append(",\"from\":");
    appendString(sb, from);
    sb.append(",\"payload\":");
    sb.append(source, start, end);
    sb.append('}');
    return sb.toString();
  }

  /**
   * A relay error frame for {@code to}: {@code {"to":to,"from":"$relay","payload":{"type":"ERR","token":token,
   * "error":{"code":code,"message":message,"source":"relay"}}}}; {@code token} is left out when null.
   */
  public static String error(String to, String token, ErrorCode code, String message) {
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(message, "message == null");
    StringBuilder sb = new StringBuilder(128 + to.length() + message.length()
        + (token == null ? 0 : token.length()));
    sb.append("{\"to\":");
    appendString(sb, to);
    sb.append(",\"from\":\"").append(ReservedSenders.RELAY).append("\",\"payload\":{\"type\":\"")
        .append(PayloadType.ERR.wire()).append("\",");
    if (token != null) {
      sb.append("\"token\":");
      appendString(sb, token);
      sb.append(',');
    }
    sb.append("\"error\":{\"code\":\"").append(code.wire()).append("\",\"message\":");
    appendString(sb, message);
    sb.append(",\"source\":\"relay\"}}}");
    return sb.toString();
  }

  /** What follows the recipient's ID in every relay error frame {@link #error} writes. */
  private static final String ERROR_AFTER_TO = "\",\"from\":\"" + ReservedSenders.RELAY
      + "\",\"payload\":{\"type\":\"" + PayloadType.ERR.wire() + "\",";
  private static final String ERROR_CODE_FIELD = "\"error\":{\"code\":\"";
  private static final ErrorCode[] CODES = ErrorCode.values();

  /**
   * The code of {@code frame} when it is a relay error frame {@link #error} wrote for connection ID {@code to}, else
   * null. Allocates nothing, so a relay can count its errors by code on its sending path.
   */
  public static ErrorCode errorCodeOf(String to, String frame) {
    int afterTo = 7 + to.length(); // {"to":" + ID
    // Cheap first, as almost every frame is a delivery: the first character of the sender, '$' only for the relay.
    int sender = afterTo + 10; // ","from":"
    if (frame.length() <= sender || frame.charAt(sender) != ReservedSenders.RELAY.charAt(0)) {
      return null;
    }
    if (!frame.startsWith("{\"to\":\"") || !frame.startsWith(to, 7) || !frame.startsWith(ERROR_AFTER_TO, afterTo)) {
      return null;
    }
    // A token before the error is escaped JSON text: it cannot hold the field's unescaped quotes.
    int at = frame.indexOf(ERROR_CODE_FIELD, afterTo + ERROR_AFTER_TO.length());
    if (at < 0) {
      return null;
    }
    int start = at + ERROR_CODE_FIELD.length();
    for (ErrorCode code : CODES) {
      String wire = code.wire();
      int end = start + wire.length();
      if (frame.startsWith(wire, start) && end < frame.length() && frame.charAt(end) == '"') {
        return code;
      }
    }
    return null;
  }

  private static void appendString(StringBuilder sb, String value) {
    sb.append('"');
    ENCODER.quoteAsString(value, sb);
    sb.append('"');
  }
}
