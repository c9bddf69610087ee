package dev.monologue.standin;

/**
 * How the API Gateway stand-in delivers {@code $disconnect}, which API Gateway documents as best effort: it may be
 * lost, and it may come before messages of the connection still in flight. Each mode makes one of those happen on
 * purpose, so tests see the relay keep names and memberships consistent under it.
 */
public enum DisconnectDelivery {
  /**
   * After every invocation of the connection's messages has finished (the default, and API Gateway's usual order);
   * a message whose invocation had not started when the connection closed is not invoked.
   */
  AFTER_MESSAGES,
  /**
   * At once, without waiting for the connection's message invocations; messages received before the close whose
   * invocation had not started are invoked after the {@code $disconnect} has run, with the connection gone.
   */
  EARLY,
  /** Never: the function is not told; {@code @connections} answers 410 for the connection, as API Gateway does. */
  LOST
}
