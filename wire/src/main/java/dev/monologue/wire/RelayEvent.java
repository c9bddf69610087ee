package dev.monologue.wire;

/**
 * The discovery events the relay sends a watcher (docs/protocol.md, "Names and groups"):
 * {@code {"type":"EVENT","event":E,"name"|"group":V,"id":ID}}, a name claimed or released, a member joining or
 * leaving a group. A connection that loses a name to a takeover is sent {@link #RELEASED} too, watching or not.
 */
public enum RelayEvent {
  /** Connection {@code id} now holds the name. */
  CLAIMED,
  /** Connection {@code id} no longer holds the name. */
  RELEASED,
  /** Connection {@code id} joined the group. */
  JOINED,
  /** Connection {@code id} left the group (or is gone). */
  LEFT;

  /** The payload {@code type} of an event frame. */
  public static final String TYPE = PayloadType.EVENT.wire();

  /** The event as it is written on the wire. */
  public String wire() {
    return name();
  }

  /** Whether it is about a group's member (else a name's holder). */
  public boolean aboutGroup() {
    return this == JOINED || this == LEFT;
  }

  /** Whether the connection appeared (claimed, joined) rather than disappeared. */
  public boolean appeared() {
    return this == CLAIMED || this == JOINED;
  }

  /** The event written {@code wire}, or null when it is none of these. */
  public static RelayEvent fromWire(String wire) {
    for (RelayEvent e : values()) {
      if (e.name().equals(wire)) {
        return e;
      }
    }
    return null;
  }
}
