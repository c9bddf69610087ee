package dev.monologue.wire;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer to a {@code keepalive}: {@code {"type":"KEEPALIVE","id":<the sender's connection ID>,"at":<epoch
 * millis>}}, a frame of its own (no {@code to}, {@code from} or {@code payload}). On AWS API Gateway writes it, from
 * the keep-alive route's response template in template.yaml, which can read {@code $context} but not the request
 * body: so the answer is the same for every keep-alive of a connection, and carries no token. The local relay
 * writes the same frame.
 */
public final class KeepAliveAnswer {
  /** The answer's {@code type}. */
  public static final String TYPE = PayloadType.KEEPALIVE.wire();

  private static final Pattern ANSWER =
      Pattern.compile("^\\{\"type\":\"" + TYPE + "\",\"id\":\"([A-Za-z0-9+/=_-]{1,128})\",\"at\":\\d{1,19}}$");

  private KeepAliveAnswer() {}

  /** The answer to connection {@code connectionId}'s keep-alive received at {@code epochMillis}. */
  public static String write(String connectionId, long epochMillis) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    return "{\"type\":\"" + TYPE + "\",\"id\":\"" + connectionId + "\",\"at\":" + epochMillis + "}";
  }

  /** The connection ID a keep-alive answer names, or null when {@code frame} is no keep-alive answer. */
  public static String connectionId(String frame) {
    if (frame.length() > 200 || !frame.startsWith("{\"type\":\"" + TYPE + "\"")) {
      return null;
    }
    Matcher m = ANSWER.matcher(frame);
    return m.matches() ? m.group(1) : null;
  }
}
