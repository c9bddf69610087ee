package dev.monologue.relay;

import dev.monologue.relay.core.ApiKeyIds;
import dev.monologue.relay.core.InMemoryNameRegistry;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.relay.core.Router;
import dev.monologue.wire.NameLease;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default backend: routes every frame with a {@link Router} straight through the front's connections, names and
 * groups held in memory, each connection's rights those of the API key it connected with ({@link RelayPolicy}).
 */
final class RouterBackend implements RelayBackend {
  private final Router router;
  /** Each open connection's API key ID ({@link ApiKeyIds}; {@code ""} without a key). */
  private final Map<String, String> keys = new ConcurrentHashMap<>();
  private final InMemoryNameRegistry registry = new InMemoryNameRegistry();

  RouterBackend(RelayConnections connections, int maxMessageBytes, RelayPolicy policy, Duration nameLease) {
    this.router = new Router(connections, maxMessageBytes, registry, policy, id -> Optional.ofNullable(keys.get(id)),
        nameLease);
  }

  /** The names and groups, read by the relay's metrics and status page. */
  InMemoryNameRegistry registry() {
    return registry;
  }

  @Override
  public void onConnect(String id, Map<String, String> headers) {
    String keyId = ApiKeyIds.of(headers.get(ApiKeyCheck.API_KEY_HEADER));
    keys.put(id, keyId == null ? "" : keyId);
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
