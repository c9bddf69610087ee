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
  OVERLOADED,
  /**
   * The connection reads more slowly than it is sent to: its queue at the relay is full (or the relay's overall
   * buffer budget is spent), so the frame was not sent. The connection stays open.
   */
  BUSY,
  /**
   * The gateway failed before the frame could reach the connection: no connection to the management API, or an
   * answer refusing it other than the above (API Gateway: 403 without permission, 400). Not delivered.
   */
  FAILED,
  /**
   * The gateway lost track of the frame: the management API did not answer in time, the connection broke
   * mid-request, or it answered 5xx after retries. It may or may not have been delivered.
   */
  UNCERTAIN
}
