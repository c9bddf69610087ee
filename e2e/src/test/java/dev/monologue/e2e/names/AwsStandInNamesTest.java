package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.standin.DisconnectDelivery;
import java.util.Set;

/** The names suite against the real Lambda handler behind the stand-in, names in DynamoDB (dynalite). */
class AwsStandInNamesTest extends AbstractNamesSuite {
  @Override
  protected RelayFixture startRelay(Set<String> apiKeys, RelayPolicy policy) {
    return RelayFixtures.awsStandInWithNames(apiKeys, DisconnectDelivery.AFTER_MESSAGES, policy);
  }
}
