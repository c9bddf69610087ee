package dev.monologue.spi;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;

/**
 * Creates {@link Monologue} clients. Found at run time through {@link java.util.ServiceLoader}; the
 * {@code monologue-transport} module registers the WebSocket implementation.
 */
public interface TransportProvider {
  /** Creates a client; {@code options} has every value resolved and an endpoint. */
  Monologue create(MonologueOptions options);
}
