package dev.monologue.relay;

import dev.monologue.relay.core.ConnectionGateway;
import dev.monologue.relay.core.Delivery;

/**
 * The connections of a relay's socket front, by connection ID, as a {@link RelayBackend} reaches them. All methods
 * are thread-safe and never block on the network.
 */
public interface RelayConnections extends ConnectionGateway {
  /** Enqueues {@code frame} for connection {@code id}; {@link Delivery#GONE} when it is not connected. */
  @Override
  Delivery send(String id, String frame);

  /** Whether connection {@code id} is connected. */
  boolean isOpen(String id);

  @Override
  default boolean isConnected(String id) {
    return isOpen(id);
  }

  /** Closes connection {@code id}; false when it was not connected. */
  boolean close(String id);
}
