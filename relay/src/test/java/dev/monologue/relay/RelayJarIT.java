package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.TestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The runnable relay, {@code monologue-relay-<version>-all.jar}, as an operator runs it: {@code java -jar}. */
class RelayJarIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void javaDashJarRunsTheRelayWithItsAdminPort() throws Exception {
    Path jar = Path.of(System.getProperty("monologue.relayJar", "target/relay-all.jar"));
    assertTrue(Files.isRegularFile(jar), jar + " was not built");
    try (JarFile j = new JarFile(jar.toFile())) {
      assertEquals(RelayMain.class.getName(), j.getManifest().getMainAttributes().getValue("Main-Class"));
      assertTrue(j.getEntry("io/micrometer/prometheusmetrics/PrometheusMeterRegistry.class") != null);
      assertTrue(j.getEntry("dev/monologue/relay/status.html") != null);
      assertTrue(j.stream().noneMatch(e -> e.getName().startsWith("software/amazon/awssdk/")),
          "the AWS SDK stays out of the runnable relay");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--port", "0", "--admin-port", "0",
        "--api-key", "jar-key").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String endpoint = null;
      String admin = null;
      while (admin == null) {
        String line = CompletableFuture.supplyAsync(() -> {
          try {
            return out.readLine();
          } catch (java.io.IOException e) {
            return null;
          }
        }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(line != null, "the relay ended before saying where it listens: " + lines);
        lines.add(line);
        if (line.startsWith("Monologue relay listening at ")) {
          endpoint = line.substring("Monologue relay listening at ".length());
        } else if (line.startsWith("Admin: ")) {
          admin = line.substring("Admin: ".length(), line.indexOf("/healthz"));
        }
      }
      assertFalse(String.join("\n", lines).contains("jar-key"), "the API key is never printed");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(admin + "/healthz")).timeout(WAIT)
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      try (TestClient c = TestClient.connect(URI.create(endpoint), Map.of("x-api-key", "jar-key"))) {
        assertEquals(22, c.id().length());
        String metrics = http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics")).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("\nmonologue_relay_connections 1.0\n"), metrics);
      }
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
