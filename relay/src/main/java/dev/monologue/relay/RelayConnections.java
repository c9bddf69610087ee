package dev.monologue.relay;

import dev.monologue.relay.core.ConnectionGateway;
import dev.monologue.relay.core.Delivery;
import java.time.Duration;

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
  @Override
  boolean close(String id);

  /**
   * How long ago connection {@code id} last sent a frame; null when it is not connected. Abstract here, unlike in
   * {@link ConnectionGateway}, so that no wrapper of the front can leave it out and keep every name lease alive.
   */
  @Override
  Duration silence(String id);
}
