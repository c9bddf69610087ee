package dev.monologue.wire;

/**
 * The {@code type} of a payload: the RPC payloads carried end to end (the relay reads them only to tell which
 * senders may be original clients, whose messages get no relay errors) and the relay's own frames.
 */
public enum PayloadType {
  /** A request: {@code token}, {@code name}, {@code args}. */
  REQ,
  /** A reply: {@code token}, {@code ret}. */
  ACK,
  /** A failure: {@code token}, {@code error}. */
  ERR,
  /** A liveness probe sent to the peer by earlier Java clients, answered by {@link #PONG}; no longer sent. */
  PING,
  /** The answer to a {@link #PING}. */
  PONG,
  /** The relay's report of a {@code sendall} ({@link FanOutReport}). */
  FANOUT,
  /** A discovery event from the relay ({@link RelayEvent}). */
  EVENT,
  /** The answer to a {@code keepalive} ({@link KeepAliveAnswer}), a frame of its own with no envelope. */
  KEEPALIVE;

  /** The type as it is written on the wire. */
  public String wire() {
    return name();
  }

  /** The type written {@code wire}, or null when it is none this version knows (or null). */
  public static PayloadType fromWire(String wire) {
    if (wire == null) {
      return null;
    }
    switch (wire) {
      case "REQ":
        return REQ;
      case "ACK":
        return ACK;
      case "ERR":
        return ERR;
      case "PING":
        return PING;
      case "PONG":
        return PONG;
      case "FANOUT":
        return FANOUT;
      case "EVENT":
        return EVENT;
      case "KEEPALIVE":
        return KEEPALIVE;
      default:
        return null;
    }
  }
}
