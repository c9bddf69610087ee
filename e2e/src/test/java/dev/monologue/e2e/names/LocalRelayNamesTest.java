package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import dev.monologue.relay.core.RelayPolicy;
import java.util.Set;

/** The names suite against the local relay. */
class LocalRelayNamesTest extends AbstractNamesSuite {
  @Override
  protected RelayFixture startRelay(Set<String> apiKeys, RelayPolicy policy) {
    return RelayFixtures.local(apiKeys, policy);
  }
}
