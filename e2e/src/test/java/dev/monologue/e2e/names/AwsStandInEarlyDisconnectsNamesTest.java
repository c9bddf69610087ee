package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import dev.monologue.standin.DisconnectDelivery;
import dev.monologue.relay.core.RelayPolicy;
import java.util.Set;

/**
 * The names suite on the stand-in whose {@code $disconnect} overtakes messages of the connection still waiting
 * for the function, as API Gateway's may: every scenario still holds.
 */
class AwsStandInEarlyDisconnectsNamesTest extends AbstractNamesSuite {
  @Override
  protected RelayFixture startRelay(Set<String> apiKeys, RelayPolicy policy) {
    return RelayFixtures.awsStandInWithNames(apiKeys, DisconnectDelivery.EARLY, policy);
  }
}
