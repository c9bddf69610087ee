package dev.monologue.transport;

import com.google.auto.service.AutoService;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.spi.TransportProvider;
import java.util.Objects;

/** Creates WebSocket clients: the transport that {@link Monologue#create()} finds through {@code ServiceLoader}. */
@AutoService(TransportProvider.class)
public final class WebSocketTransportProvider implements TransportProvider {

  @Override
  public Monologue create(MonologueOptions options) {
    Objects.requireNonNull(options, "options == null");
    if (options.endpoint() == null) {
      throw new IllegalArgumentException("options.endpoint() is not set. Set MonologueOptions.endpoint,"
          + " MONOLOGUE_ENDPOINT or the endpoint in .monologuerc.");
    }
    return new MonologueClient(options);
  }
}
