package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import java.util.Set;

/** The names suite against the real Lambda handler behind the stand-in, names in DynamoDB (dynalite). */
class AwsStandInNamesTest extends AbstractNamesSuite {
  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return RelayFixtures.awsStandInWithNames(apiKeys);
  }
}
