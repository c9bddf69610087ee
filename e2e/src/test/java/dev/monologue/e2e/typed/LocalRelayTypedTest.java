package dev.monologue.e2e.typed;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import java.util.Set;

/** The typed suite against the local relay. */
class LocalRelayTypedTest extends AbstractTypedSuite {

  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return RelayFixtures.local(apiKeys);
  }
}
