package dev.monologue.relay.core;

/**
 * Sends one text frame to one connection: the only thing the {@link Router} needs from the socket layer, so the
 * same routing runs behind the local relay and behind API Gateway.
 */
public interface ConnectionGateway {
  /**
   * Sends {@code frame} to {@code connectionId} without blocking on the network, and says what became of it.
   * Implementations report a missing or closed connection as {@link Delivery#GONE} rather than throwing.
   */
  Delivery send(String connectionId, String frame);

  /**
   * Whether {@code connectionId} is connected now, for the {@code probe} action. Gateways that cannot tell throw
   * {@link UnsupportedOperationException} (the default); a transient failure to find out is any other exception.
   */
  default boolean isConnected(String connectionId) {
    throw new UnsupportedOperationException("this gateway cannot tell whether a connection is connected");
  }
}
