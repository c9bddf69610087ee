package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ManagementClientsTest {
  @Test
  void aRestoreDrawsNewRetryJitterInsteadOfTheSnapshotsSequence() {
    ManagementClients clients = new ManagementClients(ManagementSettings.fromEnvironment(java.util.Map.of()));
    long snapshotted = clients.jitter().seed();
    clients.afterRestore(null);
    assertNotEquals(snapshotted, clients.jitter().seed(), "every restored environment must jitter differently");
  }

  @Test
  void jitterStaysWithinItsCeiling() {
    Jitter jitter = new Jitter();
    for (int i = 0; i < 1000; i++) {
      long d = jitter.millis(25);
      assertTrue(d >= 0 && d <= 25, "delay " + d);
    }
  }
}
