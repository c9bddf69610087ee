package dev.monologue.wire;

/** The {@code action} of a client frame, which the relay routes on (API Gateway: {@code $request.body.action}). */
public enum Action {
  /** Echoes the payload to the sender, with the sender's ID as {@code to} and {@code from}. */
  WHOAMI("whoami"),
  /** The original client's alias of {@link #WHOAMI}. */
  LOOPBACK("loopback"),
  /** Delivers the payload to connection {@code to}. */
  SENDMESSAGE("sendmessage"),
  /** Asks the relay whether connection {@code to} is connected; the relay answers, the connection sees nothing. */
  PROBE("probe"),
  /** A keep-alive the relay does not answer. */
  PING("ping"),
  /**
   * A keep-alive answered by the relay with {@link KeepAliveAnswer} (on AWS by API Gateway itself, a MOCK
   * integration: no Lambda invocation). The Java client's keep-alive.
   */
  KEEPALIVE("keepalive"),
  /** Claims a stable name for the sender. */
  CLAIM("claim"),
  /** Gives a claimed name up. */
  RELEASE("release"),
  /** Joins a group. */
  JOIN("join"),
  /** Leaves a group. */
  LEAVE("leave"),
  /** Lists a group's members. */
  MEMBERS("members"),
  /** Follows a group's changes. */
  WATCH("watch"),
  /** Stops following a group. */
  UNWATCH("unwatch"),
  /** Delivers the payload to one live member of a group. */
  SENDANY("sendany"),
  /** Delivers the payload to every live member of a group. */
  SENDALL("sendall");

  private final String wire;

  Action(String wire) {
    this.wire = wire;
  }

  /** The action as it is written on the wire. */
  public String wire() {
    return wire;
  }

  /** The action written {@code wire}, or null when there is none. */
  public static Action fromWire(String wire) {
    for (Action a : values()) {
      if (a.wire.equals(wire)) {
        return a;
      }
    }
    return null;
  }
}
