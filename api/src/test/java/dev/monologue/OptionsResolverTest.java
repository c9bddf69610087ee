package dev.monologue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

  private Path etc() throws IOException {
    return Files.createDirectories(root.resolve("etc"));
  }

  private OptionsResolver resolver(Map<String, String> env, Path work) throws IOException {
    return new OptionsResolver(env, work, home(), etc());
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
    MonologueOptions o = resolver(Map.of(), work).resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("ws://file:1"), o.endpoint());
    assertEquals("file-key", o.apiKey());
    assertEquals(Duration.ofSeconds(3), o.timeout());
    assertEquals(7, o.listeners());
  }

  @Test
  void environmentBeatsFile() throws IOException {
    Path work = work();
    rc(work, FILE);
    MonologueOptions o = resolver(ENV, work).resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("ws://env:2"), o.endpoint());
    assertEquals("env-key", o.apiKey());
    assertEquals(Duration.ofMillis(2500), o.timeout());
    assertEquals(9, o.listeners());
  }

  @Test
  void theOwnerSecretComesFromTheOptionsTheEnvironmentOrTheRcFileAndIsNeverShown() throws IOException {
    Path work = work();
    rc(work, "{\"endpoint\":\"ws://file:1\",\"ownerSecret\":\"file-owner-secret-0123\","
        + "\"ownerSecretFile\":\"/var/lib/app/owner\"}");
    MonologueOptions fromFile = resolver(Map.of(), work).resolve(MonologueOptions.builder().build());
    assertEquals("file-owner-secret-0123", fromFile.ownerSecret());
    assertEquals(Path.of("/var/lib/app/owner"), fromFile.ownerSecretFile());
    MonologueOptions fromEnv = resolver(Map.of("MONOLOGUE_OWNER_SECRET", "env-owner-secret-01234"), work)
        .resolve(MonologueOptions.builder().build());
    assertEquals("env-owner-secret-01234", fromEnv.ownerSecret());
    MonologueOptions explicit = resolver(Map.of("MONOLOGUE_OWNER_SECRET", "env-owner-secret-01234"), work)
        .resolve(MonologueOptions.builder().ownerSecret("explicit-owner-secret").build());
    assertEquals("explicit-owner-secret", explicit.ownerSecret());
    assertTrue(!explicit.toString().contains("explicit-owner-secret"), explicit.toString());

    IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
        () -> resolver(Map.of("MONOLOGUE_OWNER_SECRET", "tiny-secret"), work).resolve(MonologueOptions.builder()
            .build()));
    assertTrue(shortOne.getMessage().contains("MONOLOGUE_OWNER_SECRET") && shortOne.getMessage().contains("16"),
        shortOne.getMessage());
    assertTrue(!shortOne.getMessage().contains("tiny-secret"), "the secret is never quoted: " + shortOne.getMessage());
  }

  @Test
  void explicitBeatsEnvironmentAndFile() throws IOException {
    Path work = work();
    rc(work, FILE);
    MonologueOptions explicit = MonologueOptions.builder().endpoint("ws://explicit:3").apiKey("explicit-key")
        .timeout(Duration.ofMillis(1200)).listeners(4).build();
    MonologueOptions o = resolver(ENV, work).resolve(explicit);
    assertEquals(URI.create("ws://explicit:3"), o.endpoint());
    assertEquals("explicit-key", o.apiKey());
    assertEquals(Duration.ofMillis(1200), o.timeout());
    assertEquals(4, o.listeners());
  }

  @Test
  void eachOptionResolvesOnItsOwn() throws IOException {
    Path work = work();
    rc(work, FILE);
    MonologueOptions o = resolver(Map.of("MONOLOGUE_API_KEY", "env-key"), work)
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
    OptionsResolver resolver = new OptionsResolver(Map.of(), work, home, etc());
    assertEquals(URI.create("ws://home:1"), resolver.resolve(MonologueOptions.builder().build()).endpoint());
    rc(work.getParent(), "{\"endpoint\":\"ws://parent:1\"}");
    assertEquals(URI.create("ws://parent:1"), resolver.resolve(MonologueOptions.builder().build()).endpoint());
    rc(work, "{\"endpoint\":\"ws://here:1\"}");
    assertEquals(URI.create("ws://here:1"), resolver.resolve(MonologueOptions.builder().build()).endpoint());
  }

  @Test
  void defaultsApplyWhenNothingIsSet() throws IOException {
    MonologueOptions o = resolver(Map.of("MONOLOGUE_ENDPOINT", "ws://env:2"), work())
        .resolve(MonologueOptions.builder().build());
    assertNull(o.apiKey());
    assertEquals(MonologueOptions.DEFAULT_TIMEOUT, o.timeout());
    assertEquals(MonologueOptions.DEFAULT_LISTENERS, o.listeners());
  }

  @Test
  void missingEndpointSaysWhereItLooked() throws IOException {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> resolver(Map.of(), work()).resolve(MonologueOptions.builder().build()));
    assertTrue(e.getMessage().contains("MONOLOGUE_ENDPOINT") && e.getMessage().contains(".monologuerc"),
        e.getMessage());
  }

  @Test
  void badValuesAreReportedWithTheirSource() throws IOException {
    Path work = work();
    IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
        () -> resolver(Map.of("MONOLOGUE_ENDPOINT", "ws://e:1", "MONOLOGUE_TIMEOUT", "soon"), work).resolve(MonologueOptions.builder().build()));
    assertTrue(env.getMessage().contains("MONOLOGUE_TIMEOUT"), env.getMessage());
    rc(work, "{\"endpoint\":\"ws://f:1\",\n  \"apiKey\": oops}");
    IllegalStateException broken = assertThrows(IllegalStateException.class,
        () -> resolver(Map.of(), work).resolve(MonologueOptions.builder().build()));
    assertTrue(broken.getMessage().startsWith(work.resolve(".monologuerc") + ":2: not valid JSON"),
        broken.getMessage());
    rc(work, "{\"endpoint\":\"ws://f:1\",\"listeners\":\"many\"}");
    IllegalArgumentException listeners = assertThrows(IllegalArgumentException.class,
        () -> resolver(Map.of(), work).resolve(MonologueOptions.builder().build()));
    assertTrue(listeners.getMessage().contains("listeners in"), listeners.getMessage());
  }

  private static final String INI = "; written by the original deploy\n"
      + "[opts]\n"
      + "endpoint = wss://abc.execute-api.eu-west-1.amazonaws.com/prod\n"
      + "apiKey = \"k=1;2\"  \n"
      + "timeout = 4000 ; milliseconds\n"
      + "[other]\n"
      + "endpoint = ws://not-this:1\n";

  @Test
  void theOriginalsIniFormUnderOptsIsRead() throws IOException {
    Path work = work();
    rc(work, INI);
    MonologueOptions o = resolver(Map.of(), work).resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("wss://abc.execute-api.eu-west-1.amazonaws.com/prod"), o.endpoint());
    assertEquals("k=1;2", o.apiKey());
    assertEquals(Duration.ofSeconds(4), o.timeout());
  }

  @Test
  void jsonUnderConfigAndUnderOptsIsRead() throws IOException {
    Path work = work();
    rc(work, "{ // the earlier client's form\n\"config\":{\"endpoint\":\"ws://config:1\",\"apiKey\":\"c\"}}");
    assertEquals(URI.create("ws://config:1"),
        resolver(Map.of(), work).resolve(MonologueOptions.builder().build()).endpoint());
    rc(work, "{\"endpoint\":\"ws://flat:1\",\"opts\":{\"endpoint\":\"ws://opts:1\"}}");
    assertEquals(URI.create("ws://opts:1"),
        resolver(Map.of(), work).resolve(MonologueOptions.builder().build()).endpoint(), "a section beats flat");
  }

  @Test
  void everyPlaceRcLooksInIsReadInRcsOrder() throws IOException {
    Path work = work();
    Path home = home();
    Path etc = etc();
    // most important last (the order in which rc reads them, each overriding the one before), each written in
    // turn and expected to win over the ones before it
    Path[] places = {etc.resolve("monologue/config"), etc.resolve("monologuerc"),
        home.resolve(".config/monologue/config"), home.resolve(".config/monologue"), home.resolve(".monologue/config"),
        home.resolve(".monologuerc"), work.getParent().resolve(".monologuerc")};
    for (int i = 0; i < places.length; i++) {
      if (places[i].endsWith(".config/monologue")) {
        // the file .config/monologue and the folder .config/monologue cannot both be
        Files.delete(places[i - 1]);
        Files.delete(places[i - 1].getParent());
      }
      Files.createDirectories(places[i].getParent());
      Files.writeString(places[i], "endpoint = ws://place" + i + ":1\nlisteners = " + (i + 1) + "\n");
      MonologueOptions o = new OptionsResolver(Map.of(), work, home, etc).resolve(MonologueOptions.builder().build());
      assertEquals(URI.create("ws://place" + i + ":1"), o.endpoint(), places[i].toString());
      assertEquals(i + 1, o.listeners(), places[i].toString());
    }
    Files.writeString(work.getParent().resolve(".monologuerc"), "{\"endpoint\":\"ws://near:1\"}");
    MonologueOptions o = new OptionsResolver(Map.of(), work, home, etc).resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("ws://near:1"), o.endpoint());
    assertEquals(6, o.listeners(), "an option the nearest file lacks comes from the next file that has it");
  }

  @Test
  void rcStyleVariablesAreReadBesideOurs() throws IOException {
    Path work = work();
    rc(work, FILE);
    MonologueOptions o = resolver(Map.of("monologue_endpoint", "ws://rc-env:1", "Monologue_opts__apiKey", "rc-key",
        "monologue_config__timeout", "PT9S"), work).resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("ws://rc-env:1"), o.endpoint());
    assertEquals("rc-key", o.apiKey());
    assertEquals(Duration.ofSeconds(9), o.timeout());
    assertEquals(7, o.listeners(), "from the file");
    MonologueOptions ours = resolver(Map.of("monologue_endpoint", "ws://rc-env:1", "MONOLOGUE_ENDPOINT", "ws://ours:1"),
        work).resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("ws://ours:1"), ours.endpoint());
  }

  @Test
  void monologueConfigNamesAFileThatBeatsTheOthers() throws IOException {
    Path work = work();
    rc(work, FILE);
    Path named = Files.writeString(root.resolve("named.ini"), "[opts]\nendpoint=ws://named:1\n");
    MonologueOptions o = resolver(Map.of("monologue_config", named.toString()), work)
        .resolve(MonologueOptions.builder().build());
    assertEquals(URI.create("ws://named:1"), o.endpoint());
    assertEquals("file-key", o.apiKey(), "the other files still fill the rest");
  }

  @Test
  void aBrokenOrForeignFileNeverStopsExplicitOptions() throws IOException {
    Path work = work();
    for (String content : new String[] {"{\"endpoint\": ", "[opts\nendpoint = ws://x:1", "\u0000\u0001garbage",
        "{\"endpoint\":{\"nested\":true}}", "[unrelated]\nfoo = bar\n", "{\"opts\":[1,2]}"}) {
      rc(work, content);
      MonologueOptions o = resolver(Map.of(), work)
          .resolve(MonologueOptions.builder().endpoint("ws://explicit:1").apiKey("k").build());
      assertEquals(URI.create("ws://explicit:1"), o.endpoint(), content);
      assertEquals(MonologueOptions.DEFAULT_TIMEOUT, o.timeout(), content);
    }
  }

  @Test
  void theWarningAboutASkippedFileGoesThroughSlf4j() throws IOException {
    Path work = work();
    rc(work, "{\"endpoint\": ");
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // slf4j-simple (this module's test binding) writes to whatever System.err is at the time of the line
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      resolver(Map.of(), work).resolve(MonologueOptions.builder().endpoint("ws://explicit:1").apiKey("k").build());
    } finally {
      System.setErr(err);
    }
    String lines = captured.toString(StandardCharsets.UTF_8);
    // slf4j-simple's format: the user's SLF4J binding, not java.util.logging, received the line
    assertTrue(lines.contains("WARN dev.monologue.OptionsResolver - Ignoring " + work.resolve(".monologuerc")),
        "expected the warning through SLF4J, got: " + lines);
  }

  @Test
  void aBrokenIniFileFailsNamingTheFileAndTheLine() throws IOException {
    Path work = work();
    rc(work, "; fine\n[opts]\nendpoint = ws://x:1\n[broken\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> resolver(Map.of(), work).resolve(MonologueOptions.builder().apiKey("k").build()));
    assertTrue(e.getMessage().startsWith(work.resolve(".monologuerc") + ":4: section header '[broken'"),
        e.getMessage());
  }

  @Test
  void everyOtherOptionIsSettableFromTheEnvironmentAndTheFile() throws IOException {
    Path work = work();
    rc(work, "{\"opts\":{\"endpoint\":\"ws://f:1\",\"connectTimeout\":\"PT20S\",\"keepAliveInterval\":60000,"
        + "\"maxConnectionAge\":\"PT1H\",\"probeInterval\":0,\"failFastWhileDisconnected\":true,"
        + "\"maxCallsInFlight\":50,\"waitForCallSlot\":\"true\",\"maxQueuedHandlerCalls\":60,"
        + "\"maxMessageBytes\":4096,\"reconnectInitialDelay\":100,\"reconnectMaxDelay\":\"PT2S\","
        + "\"reconnectJitter\":0.25,\"reconnectMaxAttempts\":3}}");
    MonologueOptions o = resolver(Map.of("MONOLOGUE_MAX_CALLS_IN_FLIGHT", "70", "monologue_maxMessageBytes", "2048"),
        work).resolve(MonologueOptions.builder().build());
    assertEquals(Duration.ofSeconds(20), o.connectTimeout());
    assertEquals(Duration.ofMinutes(1), o.keepAliveInterval());
    assertEquals(Duration.ofHours(1), o.maxConnectionAge());
    assertEquals(Duration.ZERO, o.probeInterval());
    assertTrue(o.failFastWhileDisconnected());
    assertEquals(70, o.maxCallsInFlight(), "environment beats file");
    assertTrue(o.waitForCallSlot());
    assertEquals(60, o.maxQueuedHandlerCalls());
    assertEquals(2048, o.maxMessageBytes());
    assertEquals(ReconnectPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(2))
        .jitter(0.25).maxAttempts(3).build(), o.reconnectPolicy());
    MonologueOptions off = resolver(Map.of("MONOLOGUE_RECONNECT", "false"), work)
        .resolve(MonologueOptions.builder().build());
    assertEquals(ReconnectPolicy.disabled(), off.reconnectPolicy());
    MonologueOptions explicit = resolver(Map.of(), work).resolve(MonologueOptions.builder()
        .reconnectPolicy(ReconnectPolicy.defaults()).probeInterval(Duration.ofSeconds(3)).build());
    assertEquals(ReconnectPolicy.defaults(), explicit.reconnectPolicy());
    assertEquals(Duration.ofSeconds(3), explicit.probeInterval());
  }
}
