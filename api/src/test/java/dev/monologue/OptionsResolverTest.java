package dev.monologue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsResolverTest {
  @TempDir Path root;

  private Path work() throws IOException {
    return Files.createDirectories(root.resolve("project/module"));
  }

  private Path home() throws IOException {
    return Files.createDirectories(root.resolve("home"));
  }

  private static void rc(Path dir, String json) throws IOException {
    Files.writeString(dir.resolve(".monologuerc"), json);
  }

  private static final String FILE = "{\"endpoint\":\"ws://file:1\",\"apiKey\":\"file-key\",\"timeout\":\"PT3S\","
      + "\"listeners\":7}";
  private static final Map<String, String> ENV = Map.of("MONOLOGUE_ENDPOINT", "ws://env:2",
      "MONOLOGUE_API_KEY", "env-key", "MONOLOGUE_TIMEOUT", "2500", "MONOLOGUE_LISTENERS", "9");

  @Test
  void fileFillsWhatNothingElseSets() throws IOException {
    Path work = work();
    rc(work, FILE);
    MonologueOptions o = new OptionsResolver(Map.of(), work, home()).resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("ws://file:1"), o.endpoint());
    assertEquals("file-key", o.apiKey());
    assertEquals(Duration.ofSeconds(3), o.timeout());
    assertEquals(7, o.listeners());
  }

  @Test
  void environmentBeatsFile() throws IOException {
    Path work = work();
    rc(work, FILE);
    MonologueOptions o = new OptionsResolver(ENV, work, home()).resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("ws://env:2"), o.endpoint());
    assertEquals("env-key", o.apiKey());
    assertEquals(Duration.ofMillis(2500), o.timeout());
    assertEquals(9, o.listeners());
  }

  @Test
  void explicitBeatsEnvironmentAndFile() throws IOException {
    Path work = work();
    rc(work, FILE);
    MonologueOptions explicit = MonologueOptions.builder().endpoint("ws://explicit:3").apiKey("explicit-key")
        .timeout(Duration.ofMillis(1200)).listeners(4).build();
    MonologueOptions o = new OptionsResolver(ENV, work, home()).resolve(explicit);
    assertEquals(URI.create("ws://explicit:3"), o.endpoint());
    assertEquals("explicit-key", o.apiKey());
    assertEquals(Duration.ofMillis(1200), o.timeout());
    assertEquals(4, o.listeners());
  }

  @Test
  void eachOptionResolvesOnItsOwn() throws IOException {
    Path work = work();
    rc(work, FILE);
    MonologueOptions o = new OptionsResolver(Map.of("MONOLOGUE_API_KEY", "env-key"), work, home())
        .resolve(MonologueOptions.builder().timeout(Duration.ofSeconds(1)).build());
    assertEquals(URI.create("ws://file:1"), o.endpoint(), "from the file");
    assertEquals("env-key", o.apiKey(), "from the environment");
    assertEquals(Duration.ofSeconds(1), o.timeout(), "explicit");
    assertEquals(7, o.listeners(), "from the file");
  }

  @Test
  void nearestFileWinsThenParentsThenHome() throws IOException {
    Path work = work();
    Path home = home();
    rc(home, "{\"endpoint\":\"ws://home:1\"}");
    OptionsResolver resolver = new OptionsResolver(Map.of(), work, home);
    assertEquals(URI.create("ws://home:1"), resolver.resolve(MonologueOptions.builder().build()).endpoint());
    rc(work.getParent(), "{\"endpoint\":\"ws://parent:1\"}");
    assertEquals(URI.create("ws://parent:1"), resolver.resolve(MonologueOptions.builder().build()).endpoint());
    rc(work, "{\"endpoint\":\"ws://here:1\"}");
    assertEquals(URI.create("ws://here:1"), resolver.resolve(MonologueOptions.builder().build()).endpoint());
  }

  @Test
  void defaultsApplyWhenNothingIsSet() throws IOException {
    MonologueOptions o = new OptionsResolver(Map.of("MONOLOGUE_ENDPOINT", "ws://env:2"), work(), home())
        .resolve(MonologueOptions.builder().build());
    assertNull(o.apiKey());
    assertEquals(MonologueOptions.DEFAULT_TIMEOUT, o.timeout());
    assertEquals(MonologueOptions.DEFAULT_LISTENERS, o.listeners());
  }

  @Test
  void missingEndpointSaysWhereItLooked() throws IOException {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new OptionsResolver(Map.of(), work(), home()).resolve(MonologueOptions.builder().build()));
    assertTrue(e.getMessage().contains("MONOLOGUE_ENDPOINT") && e.getMessage().contains(".monologuerc"),
        e.getMessage());
  }

  @Test
  void badValuesAreReportedWithTheirSource() throws IOException {
    Path work = work();
    IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
        () -> new OptionsResolver(Map.of("MONOLOGUE_ENDPOINT", "ws://e:1", "MONOLOGUE_TIMEOUT", "soon"), work,
            home()).resolve(MonologueOptions.builder().build()));
    assertTrue(env.getMessage().contains("MONOLOGUE_TIMEOUT"), env.getMessage());
    rc(work, "[1,2]");
    IllegalStateException notObject = assertThrows(IllegalStateException.class,
        () -> new OptionsResolver(Map.of(), work, home()).resolve(MonologueOptions.builder().build()));
    assertTrue(notObject.getMessage().contains("JSON object"), notObject.getMessage());
    rc(work, "{\"endpoint\":\"ws://f:1\",\"listeners\":\"many\"}");
    IllegalArgumentException listeners = assertThrows(IllegalArgumentException.class,
        () -> new OptionsResolver(Map.of(), work, home()).resolve(MonologueOptions.builder().build()));
    assertTrue(listeners.getMessage().contains("listeners in"), listeners.getMessage());
  }
}
