package dev.monologue.relay.core;

/** What became of one frame handed to a {@link ConnectionGateway}. */
public enum Delivery {
  /** The frame was handed to the connection (it may still be in flight). */
  DELIVERED,
  /** The connection is not connected (API Gateway: {@code GoneException}). */
  GONE,
  /** The relay had no capacity to deliver it (API Gateway: 429 after retries). */
  THROTTLED,
  /** The frame is larger than the gateway accepts. */
  TOO_LARGE,
  /**
   * The connection was not reading what it was sent: the frame would have put its outbound queue over the relay's
   * bound, so the relay dropped the frame and closed that connection.
   */
  OVERLOADED
}
