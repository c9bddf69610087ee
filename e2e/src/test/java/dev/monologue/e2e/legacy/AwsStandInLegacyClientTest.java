package dev.monologue.e2e.legacy;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import java.util.Set;

/** The strict legacy client beside Java machines through the real Lambda handler behind the API Gateway stand-in. */
class AwsStandInLegacyClientTest extends AbstractLegacyClientSuite {
  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return RelayFixtures.awsStandIn(apiKeys);
  }
}
