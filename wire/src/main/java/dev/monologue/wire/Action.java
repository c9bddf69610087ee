package dev.monologue.wire;

import java.util.HashMap;
import java.util.Map;

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

  private static final Map<String, Action> BY_WIRE;

  static {
    Map<String, Action> m = new HashMap<>();
    for (Action a : values()) {
      m.put(a.wire, a);
    }
    BY_WIRE = Map.copyOf(m);
  }

  /** The action written {@code wire}, or null when there is none (or null). */
  public static Action fromWire(String wire) {
    return wire == null ? null : BY_WIRE.get(wire);
  }

  /** Whether it is one of the name and group actions (docs/protocol.md, "Names and groups"). */
  public boolean aboutNames() {
    return compareTo(CLAIM) >= 0;
  }

  /** The actions as a message lists them: {@code whoami, loopback, ... and sendall}. */
  public static String known() {
    StringBuilder sb = new StringBuilder();
    Action[] all = values();
    for (int i = 0; i < all.length; i++) {
      sb.append(i == 0 ? "" : i == all.length - 1 ? " and " : ", ").append(all[i].wire);
    }
    return sb.toString();
  }

  /** The actions that are not about names, as a message lists them: {@code whoami, loopback, ..., keepalive}. */
  public static String basic() {
    StringBuilder sb = new StringBuilder();
    for (Action a : values()) {
      if (!a.aboutNames()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(a.wire);
      }
    }
    return sb.toString();
  }
}
