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
}
