package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port of the relay's command line: health while serving and draining, metrics, the status data. */
class AdminServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
  @TempDir
  Path dir;

  private RunningRelay serve(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunningRelay r = RelayMain.serve(RelayArguments.parse(args, Map.of(), dir),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("admin-secret"), "the admin key is never printed");
    return r;
  }

  private HttpResponse<String> get(URI base, String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double metric(String scrape, String line) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + " (\\S+)$").matcher(scrape);
    assertTrue(m.find(), "no '" + line + "' in\n" + scrape);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void healthIs200WhileServingAnd503WhileDraining() throws Exception {
    RunningRelay running = serve("--port", "0", "--admin-port", "0", "--drain-time", "5s");
    URI admin = running.adminAddress();
    assertEquals(200, get(admin, "/healthz", null).statusCode());
    CompletableFuture<Void> closing = CompletableFuture.runAsync(running::close);
    int status = 200;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (status == 200 && System.nanoTime() < deadline) {
      try {
        status = get(admin, "/healthz", null).statusCode();
      } catch (java.io.IOException e) {
        status = -1; // the admin port closed: the drain ended without health ever saying 503
      }
    }
    assertEquals(503, status, "health while draining");
    assertTrue(running.relay().isAccepting(), "clients are still served while health says 503");
    try (TestClient c = TestClient.connect(running.relay().endpoint())) {
      assertEquals(22, c.id().length());
    }
    closing.get(30, TimeUnit.SECONDS);
    assertFalse(running.relay().isAccepting());
  }

  @Test
  void metricsCountWhatCrossesTheRelay() throws Exception {
    try (RunningRelay running = serve("--port", "0", "--admin-port", "0", "--api-key", "k")) {
      URI admin = running.adminAddress();
      String before = get(admin, "/metrics", null).body();
      assertEquals(0, metric(before, "monologue_relay_connections"));
      try (TestClient refused = TestClient.unconnected(running.relay().endpoint(), Map.of("x-api-key", "bad"))) {
        refused.connectBlocking(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        refused.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      try (TestClient a = TestClient.connect(running.relay().endpoint(), Map.of("x-api-key", "k"));
          TestClient b = TestClient.connect(running.relay().endpoint(), Map.of("x-api-key", "k"))) {
        String to = b.id();
        a.id();
        a.send("{\"action\":\"claim\",\"name\":\"svc.alpha\",\"payload\":{\"type\":\"RES\"}}");
        a.next();
        for (int i = 0; i < 5; i++) {
          a.send("{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"type\":\"RES\",\"i\":" + i + "}}");
          b.next();
        }
        a.send("{\"action\":\"nonsense\",\"payload\":{\"type\":\"RES\"}}");
        assertTrue(a.next().contains("UNKNOWN_ACTION"));
        String scrape = get(admin, "/metrics", null).body();
        assertEquals(2, metric(scrape, "monologue_relay_connections"));
        assertEquals(1, metric(scrape, "monologue_relay_handshakes_refused_total{reason=\"wrong_api_key\"}"));
        assertEquals(0, metric(scrape, "monologue_relay_handshakes_refused_total{reason=\"missing_api_key\"}"));
        // two whoami, one claim, five messages, one unknown action
        assertEquals(9, metric(scrape, "monologue_relay_messages_received_total"));
        assertEquals(1, metric(scrape, "monologue_relay_errors_total{code=\"UNKNOWN_ACTION\"}"));
        assertEquals(0, metric(scrape, "monologue_relay_errors_total{code=\"THROTTLED\"}"));
        assertEquals(1, metric(scrape, "monologue_relay_names"));
        assertTrue(metric(scrape, "monologue_relay_received_bytes_total") > 5 * 60, scrape);
        assertTrue(metric(scrape, "monologue_relay_sent_bytes_total") > 5 * 60, scrape);
        assertTrue(metric(scrape, "monologue_relay_messages_sent_total") >= 9, scrape);
      }
    }
  }

  @Test
  void theStatusDataNeedsTheAdminKey() throws Exception {
    try (RunningRelay running = serve("--port", "0", "--admin-port", "0", "--admin-key", "admin-secret")) {
      URI admin = running.adminAddress();
      assertEquals(401, get(admin, "/status.json", null).statusCode());
      assertEquals(401, get(admin, "/status.json", "admin-secreT").statusCode());
      assertEquals(200, get(admin, "/status", null).statusCode(), "the page itself holds no data");
      try (TestClient a = TestClient.connect(running.relay().endpoint())) {
        String id = a.id();
        a.send("{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"type\":\"RES\"}}");
        a.next();
        HttpResponse<String> ok = get(admin, "/status.json", "admin-secret");
        assertEquals(200, ok.statusCode());
        JsonNode s = MAPPER.readTree(ok.body());
        assertEquals(1, s.get("connectionCount").asInt());
        assertEquals(id, s.get("connections").get(0).get("id").asText());
        assertEquals("workers", s.get("connections").get(0).get("groups").get(0).asText());
        assertTrue(s.get("totals").get("messagesReceived").asLong() >= 2);
      }
    }
    try (RunningRelay running = serve("--port", "0", "--admin-port", "0")) {
      assertEquals(404, get(running.adminAddress(), "/status.json", "anything").statusCode(),
          "no status page without an admin key");
    }
  }
}
