package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import java.util.Set;

/** Group cancels against the local relay. */
class LocalRelayGroupCancelTest extends AbstractGroupCancelSuite {
  @Override
  protected RelayFixture startRelay() {
    return RelayFixtures.local(Set.of());
  }
}
