package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import java.util.Set;

/** The names suite against the local relay. */
class LocalRelayNamesTest extends AbstractNamesSuite {
  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return RelayFixtures.local(apiKeys);
  }
}
