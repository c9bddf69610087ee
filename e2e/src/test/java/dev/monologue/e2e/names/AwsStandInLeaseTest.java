package dev.monologue.e2e.names;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import dev.monologue.standin.DisconnectDelivery;
import java.time.Duration;
import java.util.Set;

/**
 * The lease suite through the real Lambda handler behind the stand-in, names in DynamoDB (dynalite): the relay
 * function judges a holder by {@code GET @connections}' {@code lastActiveAt}, which the holder's keep-alives (answered
 * by the mock route, no invocation) keep fresh.
 */
class AwsStandInLeaseTest extends AbstractLeaseSuite {
  @Override
  protected RelayFixture startRelay(Duration nameLease) {
    return RelayFixtures.awsStandInWithNames(Set.of(), DisconnectDelivery.AFTER_MESSAGES, nameLease);
  }

  @Override
  protected Duration lease() {
    return Duration.ofSeconds(4);
  }
}
