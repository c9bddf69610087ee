package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one table of the relay's settings: every builder option is an option, a variable and an rc key. */
class RelaySettingsTest {
  @TempDir
  Path dir;

  private RelayArguments parse(Map<String, String> env, String... args) throws Exception {
    return RelayArguments.parse(args, env, dir);
  }

  @Test
  void everyBuilderSettingIsAnOptionAVariableAndAnRcKey() {
    Set<String> builderMethods = Arrays.stream(LocalRelay.Builder.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == LocalRelay.Builder.class)
        .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    builderMethods.remove("backend"); // code, not configuration: a program that embeds the relay sets it
    Set<String> covered = Arrays.stream(RelaySetting.values()).map(s -> s.builderMethod)
        .filter(m -> m != null).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(builderMethods, covered, "LocalRelay.Builder options without a RelaySetting, or the reverse");
    Set<String> options = new HashSet<>();
    Set<String> variables = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (RelaySetting s : RelaySetting.values()) {
      assertTrue(options.add(s.option) && variables.add(s.environmentVariable) && keys.add(s.rcKey), s.name());
      assertTrue(s.environmentVariable.startsWith("MONOLOGUE_RELAY_"), s.environmentVariable);
      assertTrue(RelayArguments.USAGE.contains(s.option + " ") && RelayArguments.USAGE.contains(
          "$" + s.environmentVariable) && RelayArguments.USAGE.contains("rc " + s.rcKey), s.name());
    }
  }

  @Test
  void theCommandLineBeatsTheEnvironmentWhichBeatsTheRcFileWhichBeatsTheDefault() throws Exception {
    Files.writeString(dir.resolve(".monologuerc"), "{\"endpoint\":\"ws://x\",\"relay\":{\"maxConnections\":30,"
        + "\"idleTimeout\":\"45s\",\"handshakeTimeout\":\"3s\",\"apiKeys\":[\"r1\",\"r2\"],\"messageRate\":7}}");
    Map<String, String> env = Map.of("MONOLOGUE_RELAY_MAX_CONNECTIONS", "20",
        "MONOLOGUE_RELAY_IDLE_TIMEOUT", "PT2M");
    RelayArguments a = parse(env, "--max-connections", "10");
    assertEquals(10, a.integer(RelaySetting.MAX_CONNECTIONS));
    assertEquals(Duration.ofMinutes(2), a.duration(RelaySetting.IDLE_TIMEOUT));
    assertEquals(Duration.ofSeconds(3), a.duration(RelaySetting.HANDSHAKE_TIMEOUT));
    assertEquals(List.of("r1", "r2"), a.apiKeys());
    assertEquals(7, a.messageRate());
    assertEquals(7, a.messageBurst(), "the burst defaults to the rate");
    assertEquals(Duration.ofHours(2), a.duration(RelaySetting.MAX_CONNECTION_DURATION));
    assertEquals(LocalRelay.DEFAULT_MAX_PENDING_HANDSHAKES, a.integer(RelaySetting.MAX_PENDING_HANDSHAKES));
    Path sub = Files.createDirectories(dir.resolve("a/b"));
    assertEquals(30, RelayArguments.parse(new String[0], Map.of(), sub).integer(RelaySetting.MAX_CONNECTIONS),
        "the nearest .monologuerc from the working directory up");
  }

  @Test
  void theSettingsReachTheRelay() throws Exception {
    RelayArguments a = parse(Map.of("MONOLOGUE_RELAY_MESSAGE_RATE", "5", "MONOLOGUE_RELAY_MESSAGE_BURST", "2"),
        "--port", "0", "--max-connections", "1");
    try (LocalRelay relay = RelayMain.builder(a).build()) {
      relay.start();
      try (var first = dev.monologue.testsupport.TestClient.connect(relay.endpoint());
          var second = dev.monologue.testsupport.TestClient.unconnected(relay.endpoint(), Map.of())) {
        first.id();
        second.connectBlocking(10, java.util.concurrent.TimeUnit.SECONDS); // opens, then is closed at once
        assertEquals(1013, second.closed.get(10, java.util.concurrent.TimeUnit.SECONDS),
            "--max-connections 1 closes the second connection");
        // burst 2: the third message at once is throttled
        String id = first.id();
        for (int i = 0; i < 3; i++) {
          first.send("{\"action\":\"sendmessage\",\"to\":\"" + id + "\",\"payload\":{\"type\":\"RES\",\"n\":" + i
              + "}}");
        }
        String throttled = null;
        for (int i = 0; i < 3 && throttled == null; i++) {
          String m = first.next();
          throttled = m.contains("THROTTLED") ? m : null;
        }
        assertTrue(throttled != null, "--message-rate 5 with --message-burst 2 throttles a third message at once");
      }
    }
  }

  @Test
  void rcFileMistakesNameTheFileAndKey() throws Exception {
    Path rc = dir.resolve("relay.json");
    Files.writeString(rc, "{\"relay\":{\"maxConections\":3}}");
    assertEquals("unknown key 'maxConections' under \"relay\" in " + rc + "; the keys are those of --help",
        assertThrows(RelayArguments.UsageException.class, () -> parse(Map.of(), "--config", rc.toString()))
            .getMessage());
    Files.writeString(rc, "{\"relay\":{\"maxConnections\":0}}");
    assertEquals("relay.maxConnections in " + rc + " must be between 1 and 2147483647, was 0",
        assertThrows(RelayArguments.UsageException.class,
            () -> parse(Map.of("MONOLOGUE_RELAY_CONFIG", rc.toString()))).getMessage());
    Files.writeString(rc, "[opts]\nendpoint=ws://x\n");
    assertTrue(assertThrows(RelayArguments.UsageException.class, () -> parse(Map.of(), "--config", rc.toString()))
        .getMessage().contains("is not JSON"));
    Files.writeString(dir.resolve(".monologuerc"), "[opts]\nendpoint=ws://x\n");
    assertEquals(8080, parse(Map.of()).port(), "a client's INI rc file found nearby holds no relay settings");
  }

  @Test
  void badValuesSayWhereTheyCameFrom() {
    assertEquals("$MONOLOGUE_RELAY_IDLE_TIMEOUT: 'soon' is not a duration; write 500ms, 30s, 10m, 2h, 1d or PT10M",
        assertThrows(RelayArguments.UsageException.class,
            () -> parse(Map.of("MONOLOGUE_RELAY_IDLE_TIMEOUT", "soon"))).getMessage());
    assertEquals("--handshake-timeout must be positive, was 0s", assertThrows(RelayArguments.UsageException.class,
        () -> parse(Map.of(), "--handshake-timeout", "0s")).getMessage());
    assertEquals("--tls-cert and --tls-key go together; give both, or --tls-pkcs12",
        assertThrows(RelayArguments.UsageException.class, () -> parse(Map.of(), "--tls-cert", "c.pem"))
            .getMessage());
    assertEquals("--message-burst needs --message-rate", assertThrows(RelayArguments.UsageException.class,
        () -> parse(Map.of(), "--message-burst", "3")).getMessage());
    assertEquals("--port is given twice", assertThrows(RelayArguments.UsageException.class,
        () -> parse(Map.of(), "--port", "1", "--port", "2")).getMessage());
  }

  @Test
  void durationsAsPeopleWriteThem() {
    assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
    assertEquals(Duration.ofSeconds(30), DurationText.parse("30s"));
    assertEquals(Duration.ofMinutes(10), DurationText.parse("10m"));
    assertEquals(Duration.ofHours(2), DurationText.parse("2h"));
    assertEquals(Duration.ofDays(1), DurationText.parse("1d"));
    assertEquals(Duration.ofMinutes(10), DurationText.parse("PT10M"));
    assertEquals("10m", DurationText.format(Duration.ofMinutes(10)));
    assertEquals("2h", DurationText.format(Duration.ofHours(2)));
    assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
    assertThrows(IllegalArgumentException.class, () -> DurationText.parse("10x"));
  }

  @Test
  void writingTheRcFileKeepsTheRelaySettings() throws Exception {
    Files.writeString(dir.resolve(".monologuerc"), "{\"endpoint\":\"ws://old\",\"relay\":{\"port\":9001,"
        + "\"apiKeys\":[\"a\"]}}");
    RelayMain.writeRc(dir, "ws://127.0.0.1:9001", "a");
    JsonNode rc = new ObjectMapper().readTree(Files.readString(dir.resolve(".monologuerc"),
        StandardCharsets.UTF_8));
    assertEquals("ws://127.0.0.1:9001", rc.get("endpoint").asText());
    assertEquals(9001, rc.get("relay").get("port").asInt());
    assertEquals(9001, parse(Map.of()).port());
  }

  @Test
  void warnsOfKeysInClearTextOnlyWhereOtherMachinesReachTheRelay() {
    assertTrue(RelayAddress.cleartextKeysWarning("0.0.0.0", true, false).startsWith("API keys travel in clear text"));
    assertTrue(RelayAddress.cleartextKeysWarning("10.1.2.3", true, false) != null);
    assertNull(RelayAddress.cleartextKeysWarning("127.0.0.1", true, false));
    assertNull(RelayAddress.cleartextKeysWarning("localhost", true, false));
    assertNull(RelayAddress.cleartextKeysWarning("0.0.0.0", true, true), "TLS");
    assertNull(RelayAddress.cleartextKeysWarning("0.0.0.0", false, false), "no keys to leak");
  }
}
