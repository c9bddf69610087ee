package dev.monologue;

/**
 * Hears when a client's connection to the relay drops and comes back. Each connection has its own ID, so a
 * reconnect changes {@link Monologue#id()}: tell your peers the new one. Callbacks run one at a time, in order, on a
 * thread of the client's (never the socket's); one that throws is logged and does not stop the others.
 */
public interface ConnectionListener {

  /**
   * The connection {@code oldId} dropped; its pending calls have failed with {@link ConnectionDroppedException}.
   * A reconnect follows unless {@link ReconnectPolicy#disabled()}.
   */
  default void onDisconnected(String oldId, Throwable reason) {}

  /**
   * The client is connected again, as {@code newId}: after a drop, or in a planned switch to a fresh connection
   * (before {@link MonologueOptions#maxConnectionAge()} ends the old one, with no call lost).
   */
  default void onReconnected(String oldId, String newId) {}

  /** The client gave up reconnecting after {@code attempts} attempts; {@link Monologue#connect()} tries again. */
  default void onReconnectFailed(String oldId, int attempts, Throwable lastError) {}
}
