package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.wire.NameLease;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameTablesTest {
  @Test
  void theLeaseComesFromTheEnvironmentInWholeSecondsAndDefaultsToThirty() {
    assertEquals(NameLease.DEFAULT, NameTables.leaseFromEnvironment(Map.of()));
    assertEquals(Duration.ofSeconds(30), NameTables.leaseFromEnvironment(Map.of()));
    assertEquals(Duration.ofSeconds(45),
        NameTables.leaseFromEnvironment(Map.of(NameTables.LEASE_VARIABLE, " 45 ")));
  }

  @Test
  void aLeaseThatIsNoPositiveWholeNumberIsRefusedNamingTheVariable() {
    for (String bad : new String[] {"0", "-5", "30s", "1.5"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> NameTables.leaseFromEnvironment(Map.of(NameTables.LEASE_VARIABLE, bad)));
      assertTrue(e.getMessage().startsWith("MONOLOGUE_NAME_LEASE_SECONDS must be a positive whole number of"
          + " seconds, was '" + bad + "'"), e.getMessage());
    }
  }
}
