package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class ManagementSettingsTest {
  @Test
  void readsEndpointAndRegionFromTheEnvironment() {
    ManagementSettings s = ManagementSettings.fromEnvironment(Map.of(
        "MONOLOGUE_MANAGEMENT_ENDPOINT", " https://abc.execute-api.eu-west-1.amazonaws.com/prod ",
        "AWS_REGION", "eu-west-1"));
    assertEquals(URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/prod"), s.endpointOverride());
    assertEquals(Region.EU_WEST_1, s.region());
    assertEquals(RetryPolicy.DEFAULT, s.retry());

    ManagementSettings none = ManagementSettings.fromEnvironment(Map.of());
    assertNull(none.endpointOverride());
    assertNull(none.region());
  }

  @Test
  void badEndpointIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ManagementSettings.fromEnvironment(Map.of("MONOLOGUE_MANAGEMENT_ENDPOINT", "not a url")));
    assertTrue(e.getMessage().contains("MONOLOGUE_MANAGEMENT_ENDPOINT"), e.getMessage());
  }

  @Test
  void queueHandlerNeedsAnEndpoint() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new QueueHandler(ManagementSettings.fromEnvironment(Map.of())));
    assertTrue(e.getMessage().contains("MONOLOGUE_MANAGEMENT_ENDPOINT is not set"), e.getMessage());
  }

  @Test
  void retryDelaysGrowAndAreCapped() {
    RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(25), Duration.ofMillis(120), Duration.ofMillis(300),
        Duration.ofSeconds(1));
    assertEquals(Duration.ofMillis(25), p.delayCeiling(1));
    assertEquals(Duration.ofMillis(50), p.delayCeiling(2));
    assertEquals(Duration.ofMillis(100), p.delayCeiling(3));
    assertEquals(Duration.ofMillis(120), p.delayCeiling(4));
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)));
  }
}
