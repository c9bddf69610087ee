package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayMainTest {
  @TempDir
  Path dir;

  private RelayArguments parse(Map<String, String> env, String... args) throws Exception {
    return RelayArguments.parse(args, env, dir);
  }

  @Test
  void defaults() throws Exception {
    RelayArguments a = parse(Map.of());
    assertEquals(List.of("127.0.0.1", 8080, List.of(), 131072), List.of(a.host(), a.port(), a.apiKeys(),
        a.maxMessageBytes()));
    assertNull(a.writeRcDir());
    assertFalse(a.help());
  }

  @Test
  void parsesEveryOption() throws Exception {
    RelayArguments a = parse(Map.of("MONOLOGUE_RELAY_API_KEYS", "ignored"), "--port", "9000", "--host", "0.0.0.0",
        "--api-key", "k1", "--api-key", "k2", "--max-message-bytes", "2048", "--write-rc", "sub");
    assertEquals(List.of("0.0.0.0", 9000, List.of("k1", "k2"), 2048), List.of(a.host(), a.port(), a.apiKeys(),
        a.maxMessageBytes()));
    assertEquals(dir.resolve("sub"), a.writeRcDir());
    assertEquals(dir, parse(Map.of(), "--write-rc").writeRcDir());
    assertEquals(dir, parse(Map.of(), "--write-rc", "--port", "1").writeRcDir());
    assertTrue(parse(Map.of(), "--help").help());
  }

  @Test
  void apiKeysComeFromTheEnvironmentWhenNoneAreGiven() throws Exception {
    assertEquals(List.of("a", "b"), parse(Map.of("MONOLOGUE_RELAY_API_KEYS", " a, ,b ")).apiKeys());
  }

  @Test
  void badArgumentsAreExplained() {
    assertEquals("unknown option '--prot'", assertThrows(RelayArguments.UsageException.class,
        () -> parse(Map.of(), "--prot", "1")).getMessage());
    assertEquals("--port needs a whole number, was 'x'", assertThrows(RelayArguments.UsageException.class,
        () -> parse(Map.of(), "--port", "x")).getMessage());
    assertEquals("--port must be between 0 and 65535, was 70000", assertThrows(RelayArguments.UsageException.class,
        () -> parse(Map.of(), "--port", "70000")).getMessage());
    assertEquals("--api-key needs a value", assertThrows(RelayArguments.UsageException.class,
        () -> parse(Map.of(), "--api-key")).getMessage());
    assertEquals("--host needs a value", assertThrows(RelayArguments.UsageException.class,
        () -> parse(Map.of(), "--host", "--port", "1")).getMessage());
  }

  @Test
  void writesAnOwnerOnlyRcFile() throws Exception {
    Path file = RelayMain.writeRc(dir, "ws://127.0.0.1:1234", "k\"1");
    JsonNode rc = new ObjectMapper().readTree(file.toFile());
    assertEquals("ws://127.0.0.1:1234", rc.get("endpoint").asText());
    assertEquals("k\"1", rc.get("apiKey").asText());
    for (String section : List.of("opts", "config")) {
      assertEquals("ws://127.0.0.1:1234", rc.get(section).get("endpoint").asText(), section);
      assertEquals("k\"1", rc.get(section).get("apiKey").asText(), section);
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    RelayMain.writeRc(dir, "ws://127.0.0.1:5678", null); // overwrites
    JsonNode again = new ObjectMapper().readTree(file.toFile());
    assertEquals("ws://127.0.0.1:5678", again.get("endpoint").asText());
    assertNull(again.get("apiKey"));
    assertEquals("ws://127.0.0.1:5678", again.get("opts").get("endpoint").asText());
    assertNull(again.get("opts").get("apiKey"));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void startsFromArgumentsWritesTheRcAndAcceptsClients() throws Exception {
    RelayArguments args = parse(Map.of(), "--port", "0", "--api-key", "secret", "--write-rc");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LocalRelay relay = RelayMain.start(args, new PrintStream(out, true, StandardCharsets.UTF_8))) {
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("listening at " + relay.endpoint()), printed);
      assertFalse(printed.contains("WARNING"), printed);
      JsonNode rc = new ObjectMapper().readTree(dir.resolve(".monologuerc").toFile());
      assertEquals("secret", rc.get("apiKey").asText());
      try (TestClient c = TestClient.connect(URI.create(rc.get("endpoint").asText()),
          Map.of("x-api-key", rc.get("apiKey").asText()))) {
        assertEquals(22, c.id().length());
      }
    }
  }

  @Test
  void warnsWhenAnyoneMayConnect() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LocalRelay relay = RelayMain.start(parse(Map.of(), "--port", "0"), new PrintStream(out, true,
        StandardCharsets.UTF_8))) {
      assertTrue(relay.acceptsAnyClient());
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("WARNING: no API keys configured"));
    }
  }
}
