package dev.monologue.relay;

import dev.monologue.relay.core.InMemoryNameRegistry;
import dev.monologue.relay.core.Router;
import java.util.Map;

/**
 * The default backend: routes every frame with a {@link Router} straight through the front's connections, names and
 * groups held in memory.
 */
final class RouterBackend implements RelayBackend {
  private final Router router;
  private final InMemoryNameRegistry registry = new InMemoryNameRegistry();

  RouterBackend(RelayConnections connections, int maxMessageBytes) {
    this.router = new Router(connections, maxMessageBytes, registry);
  }

  /** The names and groups, read by the relay's metrics and status page. */
  InMemoryNameRegistry registry() {
    return registry;
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
