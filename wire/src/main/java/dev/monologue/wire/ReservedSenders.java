package dev.monologue.wire;

/**
 * The {@code from} values no connection can have (connection IDs are base64url, which has no {@code $}): the relay
 * itself and, on AWS, the SQS ingress queue.
 */
public final class ReservedSenders {
  /** The {@code from} of every relay error frame. */
  public static final String RELAY = "$relay";
  /** The {@code from} of every message delivered from the ingress queue; nobody can reply to it. */
  public static final String QUEUE = "$queue";

  private ReservedSenders() {}
}
