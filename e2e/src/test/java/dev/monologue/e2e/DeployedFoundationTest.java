package dev.monologue.e2e;

import java.util.Set;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The foundation suite against a deployed relay; run with {@code mvn -Pdeployed}. */
@EnabledIfSystemProperty(named = DeployedRelay.ENABLED_PROPERTY, matches = "true")
class DeployedFoundationTest extends AbstractFoundationSuite {

  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    return DeployedRelay.fromMonologueRc();
  }
}
