package dev.monologue.wire;

/**
 * Every error code that travels in an {@code ERR} payload's {@code error.code}, with its wire string, as
 * docs/protocol.md lists them. Relay codes come in frames from {@link ReservedSenders#RELAY}; remote codes in the
 * answer of the peer that was called.
 */
public enum ErrorCode {
  /** Relay: the target connection of {@code sendmessage} is not connected. */
  PEER_GONE(Source.RELAY),
  /** Relay: not JSON, not an object, or a required field missing or of the wrong type. */
  MALFORMED_FRAME(Source.RELAY),
  /** Relay: {@code action} is none the relay knows. */
  UNKNOWN_ACTION(Source.RELAY),
  /** Relay: the frame is over the relay's size limit. */
  FRAME_TOO_LARGE(Source.RELAY),
  /** Relay: a binary frame; the protocol is text only. */
  BINARY_NOT_SUPPORTED(Source.RELAY),
  /** Relay: it could not deliver for lack of capacity, or the sender is over its rate limit. */
  THROTTLED(Source.RELAY),
  /** Relay: the target was not reading; the relay dropped the frame and closed the target's connection. */
  PEER_OVERLOADED(Source.RELAY),
  /**
   * Relay: the target reads more slowly than it is sent to, and its queue at the relay is full (or the relay's
   * overall buffer budget is spent); the frame was not delivered and the target stays connected.
   */
  PEER_BUSY(Source.RELAY),
  /**
   * Relay: it failed to hand the message on (on AWS: the {@code @connections} API was unreachable, timed out or
   * refused the post); the message says whether it may still have arrived.
   */
  DELIVERY_FAILED(Source.RELAY),
  /** Relay: a name or group name is empty, too long, reserved, badly formed or shaped like a connection ID. */
  BAD_NAME(Source.RELAY),
  /** Relay: the claimed name is held by another live connection; the error carries {@code heldForMillis}. */
  NAME_TAKEN(Source.RELAY),
  /** Relay: {@code release} of a name the sender does not hold. */
  NAME_NOT_HELD(Source.RELAY),
  /** Relay: {@code sendany} found no live member in the group. */
  NO_MEMBERS(Source.RELAY),
  /** Relay: it has no name registry (an AWS relay deployed without its table). */
  NAMES_UNAVAILABLE(Source.RELAY),
  /**
   * Relay: {@code claim} with takeover of a name another owner holds (a different owner secret), and the relay's
   * policy does not let the sender's API key take names over.
   */
  TAKEOVER_REFUSED(Source.RELAY),
  /** Relay: the relay's policy does not let the sender's API key claim that name or join that group. */
  NOT_PERMITTED(Source.RELAY),
  /** Remote: nothing is registered under the requested name. */
  NO_SUCH_METHOD(Source.REMOTE),
  /** Remote: the arguments could not be decoded as the handler's parameter types. */
  BAD_ARGUMENTS(Source.REMOTE),
  /** Remote: the handler threw. */
  HANDLER_FAILED(Source.REMOTE),
  /** Remote: the callee had too much queued work to accept the call; retry later. */
  OVERLOADED(Source.REMOTE);

  /** Who sends a code: the relay about a frame it could not route, or the peer that was called. */
  public enum Source {
    RELAY,
    REMOTE
  }

  private final Source source;

  ErrorCode(Source source) {
    this.source = source;
  }

  /** The code as it is written on the wire. */
  public String wire() {
    return name();
  }

  /** Who sends this code. */
  public Source source() {
    return source;
  }

  /** The code whose wire string is {@code wire}, or null for a code this version does not know (or null). */
  public static ErrorCode fromWire(String wire) {
    if (wire == null) {
      return null;
    }
    for (ErrorCode code : values()) {
      if (code.name().equals(wire)) {
        return code;
      }
    }
    return null;
  }
}
