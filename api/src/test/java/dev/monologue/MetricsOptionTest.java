package dev.monologue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsOptionTest {
  @TempDir
  Path dir;

  @Test
  void metricsAreNoneUnlessGivenAndSurviveResolution() {
    assertNull(MonologueOptions.builder().build().metrics());
    ClientMetrics metrics = (method, nanos, failure) -> {};
    MonologueOptions o = MonologueOptions.builder().metrics(metrics).build();
    assertSame(metrics, o.metrics());
    assertSame(metrics, o.toBuilder().build().metrics());
    // Monologue.create resolves the options from the environment and rc files before the client sees them
    MonologueOptions resolved = new OptionsResolver(Map.of("MONOLOGUE_ENDPOINT", "ws://relay.example"), dir, dir,
        dir).resolve(o);
    assertSame(metrics, resolved.metrics());
    assertEquals("metrics == null",
        assertThrows(NullPointerException.class, () -> MonologueOptions.builder().metrics(null)).getMessage());
  }
}
