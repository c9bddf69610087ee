package dev.monologue.e2e.typed;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import java.util.Set;

/** The typed suite against the real Lambda handler behind the API Gateway stand-in. */
class AwsStandInTypedTest extends AbstractTypedSuite {

  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return RelayFixtures.awsStandIn(apiKeys);
  }
}
