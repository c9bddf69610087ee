package dev.monologue.relay.core;

/** The codes of a relay error frame ({@code "from":"$relay"}), as listed in docs/protocol.md. */
public enum RelayErrorCode {
  /** The target connection of {@code sendmessage} is not connected, or no connection holds the target name. */
  PEER_GONE,
  /** Not JSON, not an object, or a required field missing or of the wrong type. */
  MALFORMED_FRAME,
  /** {@code action} is none the relay knows. */
  UNKNOWN_ACTION,
  /** The frame is over the relay's size limit. */
  FRAME_TOO_LARGE,
  /** A binary frame: the protocol is text only. */
  BINARY_NOT_SUPPORTED,
  /** The relay could not deliver for lack of capacity, or the sender is over its rate limit. */
  THROTTLED,
  /** The target was not reading its messages; the relay dropped the frame and closed the target's connection. */
  PEER_OVERLOADED,
  /** A name or group name is empty, too long, reserved, badly formed or shaped like a connection ID. */
  BAD_NAME,
  /** The claimed name is held by another live connection; the error carries {@code heldForMillis}. */
  NAME_TAKEN,
  /** {@code release} of a name the sender does not hold. */
  NAME_NOT_HELD,
  /** {@code sendany} found no live member in the group. */
  NO_MEMBERS,
  /** The relay has no name registry (an AWS relay deployed without its table). */
  NAMES_UNAVAILABLE
}
