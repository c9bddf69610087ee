package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import java.util.Set;

/** Group cancels against the real Lambda handler behind the stand-in, groups in DynamoDB (dynalite). */
class AwsStandInGroupCancelTest extends AbstractGroupCancelSuite {
  @Override
  protected RelayFixture startRelay() {
    return RelayFixtures.awsStandInWithNames(Set.of());
  }
}
