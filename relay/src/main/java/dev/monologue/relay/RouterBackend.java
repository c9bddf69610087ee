package dev.monologue.relay;

import dev.monologue.relay.core.InMemoryNameRegistry;
import dev.monologue.relay.core.Router;
import dev.monologue.wire.NameLease;
import java.time.Duration;
import java.util.Map;

/**
 * The default backend: routes every frame with a {@link Router} straight through the front's connections, names and
 * groups held in memory.
 */
final class RouterBackend implements RelayBackend {
  private final Router router;

  RouterBackend(RelayConnections connections, int maxMessageBytes) {
    this(connections, maxMessageBytes, NameLease.DEFAULT);
  }

  RouterBackend(RelayConnections connections, int maxMessageBytes, Duration nameLease) {
    this.router = new Router(connections, maxMessageBytes, new InMemoryNameRegistry(), nameLease);
  }

  @Override
  public void onConnect(String id, Map<String, String> headers) {}

  @Override
  public void onText(String id, String frame) {
    router.onText(id, frame);
  }

  @Override
  public void onDisconnect(String id) {
    router.onDisconnect(id); // releases its names and memberships
  }
}
