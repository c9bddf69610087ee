package dev.monologue.wire;

/**
 * The {@code type} of an RPC payload, carried end to end. The relay reads it only to tell which senders may be
 * original clients, whose messages get no relay errors.
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
  PONG;

  /** The type as it is written on the wire. */
  public String wire() {
    return name();
  }
}
