package dev.monologue.relay;

import dev.monologue.relay.core.InMemoryNameRegistry;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.relay.core.Router;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default backend: routes every frame with a {@link Router} straight through the front's connections, names and
 * groups held in memory, each connection's rights those of the API key it connected with ({@link RelayPolicy}).
 */
final class RouterBackend implements RelayBackend {
  private final Router router;
  /** Each open connection's API key ({@code ""} without one); the local relay's key IDs are the keys themselves. */
  private final Map<String, String> keys = new ConcurrentHashMap<>();

  RouterBackend(RelayConnections connections, int maxMessageBytes, RelayPolicy policy) {
    this.router = new Router(connections, maxMessageBytes, new InMemoryNameRegistry(),
        policy, id -> Optional.ofNullable(keys.get(id)));
  }

  @Override
  public void onConnect(String id, Map<String, String> headers) {
    keys.put(id, headers.getOrDefault(WebSocketFront.API_KEY_HEADER, ""));
  }

  @Override
  public void onText(String id, String frame) {
    router.onText(id, frame);
  }

  @Override
  public void onDisconnect(String id) {
    router.onDisconnect(id); // releases its names and memberships
    keys.remove(id);
  }
}
