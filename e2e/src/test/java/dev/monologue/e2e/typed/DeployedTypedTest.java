package dev.monologue.e2e.typed;

import dev.monologue.e2e.DeployedRelay;
import dev.monologue.e2e.RelayFixture;
import java.util.Set;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The typed suite against a deployed relay; run with {@code mvn -Pdeployed}. */
@EnabledIfSystemProperty(named = DeployedRelay.ENABLED_PROPERTY, matches = "true")
class DeployedTypedTest extends AbstractTypedSuite {

  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return DeployedRelay.fromMonologueRc();
  }
}
