package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import java.time.Duration;
import java.util.Set;

/** The lease suite against the local relay, which knows each connection's last message itself. */
class LocalRelayLeaseTest extends AbstractLeaseSuite {
  @Override
  protected RelayFixture startRelay(Duration nameLease) {
    return RelayFixtures.local(Set.of(), nameLease);
  }

  @Override
  protected Duration lease() {
    return Duration.ofSeconds(3);
  }
}
