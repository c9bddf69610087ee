package dev.monologue.e2e;

import java.util.Set;

/** The foundation suite against the local relay. */
class LocalRelayFoundationTest extends AbstractFoundationSuite {

  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return RelayFixtures.local(apiKeys);
  }
}
