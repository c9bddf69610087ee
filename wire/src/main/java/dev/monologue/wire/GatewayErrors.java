package dev.monologue.wire;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frames API Gateway itself sends a client, outside the protocol: {@code {"message": TEXT, "connectionId": ...,
 * "requestId": ...}}, with no token. The stand-in writes them, the client reads them by their {@code message}.
 */
public final class GatewayErrors {
  /**
   * The integration failed: the function threw, timed out, or was throttled at its reserved concurrency (Lambda's
   * 429 {@code TooManyRequestsException}). Documented by AWS.
   */
  public static final String INTERNAL_SERVER_ERROR = "Internal server error";

  /**
   * The stage (or account) throttle refused an inbound message, which was not delivered to the integration. AWS
   * documents that the sender gets an error, not its text: this is the text users report seeing, not a documented
   * one, so the client also takes any gateway frame whose message says "Too Many Requests" or "throttl" for it.
   */
  public static final String TOO_MANY_REQUESTS = "Too Many Requests";

  /** The frame as API Gateway writes it, {@code message} first and a {@code requestId}; group 1 is the message. */
  private static final Pattern FRAME =
      Pattern.compile("^\\{\\s*\"message\"\\s*:\\s*\"([^\"]*)\".*\"requestId\"\\s*:", Pattern.DOTALL);

  private GatewayErrors() {}

  /** The {@code message} of {@code frame} when it is one of API Gateway's own frames, else null. */
  public static String messageOf(String frame) {
    Matcher m = FRAME.matcher(frame);
    return m.find() ? m.group(1) : null;
  }

  /** The frame as API Gateway writes it; {@code message}, {@code connectionId} and {@code requestId} need no escaping. */
  public static String frame(String message, String connectionId, String requestId) {
    return "{\"message\": \"" + message + "\", \"connectionId\": \"" + connectionId + "\", \"requestId\": \""
        + requestId + "\"}";
  }

  /** Whether a gateway frame's {@code message} says that a message was throttled. */
  public static boolean isThrottle(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("too many requests") || m.contains("throttl");
  }
}
