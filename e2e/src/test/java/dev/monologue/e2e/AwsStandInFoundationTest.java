package dev.monologue.e2e;

import java.util.Set;

/** The foundation suite against the real Lambda handler behind the API Gateway stand-in. */
class AwsStandInFoundationTest extends AbstractFoundationSuite {

  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return RelayFixtures.awsStandIn(apiKeys);
  }
}
