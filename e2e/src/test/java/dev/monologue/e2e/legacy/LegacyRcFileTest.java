package dev.monologue.e2e.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.OptionsResolverAccess;
import dev.monologue.e2e.RelayFixture;
import dev.monologue.e2e.RelayFixtures;
import dev.monologue.relay.LocalRelay;
import dev.monologue.relay.RelayMainAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code .monologuerc} for both worlds: the file {@code scripts/write-rc.sh} (what {@code scripts/deploy.sh}
 * writes) and the relay's {@code --write-rc} produce is read by the strict legacy Node client, through the npm rc
 * package, and by the Java client's resolver; each connects with the key in it and calls the other. Where several
 * of rc's places hold a file, both take the same one.
 */
class LegacyRcFileTest {
  private static final String KEY = "rc-key-1";
  private static final Duration WAIT = LegacyNodeClient.WAIT;

  @TempDir Path root;

  /** Starts the legacy client in {@code project/module} below the file's folder, with an empty home. */
  private void bothClientsReadTheFileAndCallEachOther(Path rcDirectory) throws Exception {
    Path work = Files.createDirectories(rcDirectory.resolve("module"));
    Path home = Files.createDirectories(root.resolve("home"));
    Path etc = Files.createDirectories(root.resolve("etc"));
    MonologueOptions options = OptionsResolverAccess.resolve(
        MonologueOptions.builder().timeout(WAIT).probeInterval(Duration.ZERO).build(), Map.of(), work, home, etc);
    try (LegacyNodeClient legacy = LegacyNodeClient.startConfiguredByFiles(work, home);
        Monologue java = Monologue.create(options)) {
      java.connect();
      java.on("greet", call -> "Hello " + call.get(0, String.class));
      assertEquals(KEY, options.apiKey());
      assertEquals("Hello rc", LegacyNodeClient.returned(legacy.call(java.id(), "greet", "rc")
          .get(WAIT.toSeconds(), TimeUnit.SECONDS)).asText());
      assertEquals(3, java.call(legacy.id(), "add", Integer.class, 1, 2).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      legacy.quit();
      legacy.awaitExit(0);
    }
  }

  @Test
  void theDeployScriptsFileIsReadByTheLegacyClientAndByJava() throws Exception {
    Path project = Files.createDirectories(root.resolve("project"));
    try (RelayFixture relay = RelayFixtures.local(Set.of(KEY))) {
      Process write = new ProcessBuilder("bash", Path.of("..", "scripts", "write-rc.sh").toString(),
          relay.endpoint().toString(), KEY, project.resolve(".monologuerc").toString())
          .redirectErrorStream(true).start();
      assertTrue(write.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "write-rc.sh finished");
      assertEquals(0, write.exitValue(), new String(write.getInputStream().readAllBytes()));
      bothClientsReadTheFileAndCallEachOther(project);
    }
  }

  /**
   * The home directory holds a file in three of rc's places, each with another endpoint: both clients take the one
   * rc ranks first ({@code ~/.monologuerc}, then {@code ~/.monologue/config}, then {@code ~/.config/monologue/config});
   * the others point at a port where no relay listens, with another key.
   */
  @Test
  void bothClientsRankTheHomeDirectorysFilesAsRcDoes() throws Exception {
    Path project = Files.createDirectories(root.resolve("project"));
    Path home = Files.createDirectories(root.resolve("home"));
    String elsewhere = "[opts]\nendpoint = ws://127.0.0.1:1\napiKey = not-the-key\n";
    Files.writeString(Files.createDirectories(home.resolve(".monologue")).resolve("config"), elsewhere);
    Files.writeString(Files.createDirectories(home.resolve(".config/monologue")).resolve("config"), elsewhere);
    try (RelayFixture relay = RelayFixtures.local(Set.of(KEY))) {
      Files.writeString(home.resolve(".monologuerc"),
          "{\"opts\":{\"endpoint\":\"" + relay.endpoint() + "\",\"apiKey\":\"" + KEY + "\"}}");
      bothClientsReadTheFileAndCallEachOther(project);
    }
  }

  @Test
  void theRelaysWriteRcFileIsReadByTheLegacyClientAndByJava() throws Exception {
    Path project = Files.createDirectories(root.resolve("project"));
    try (LocalRelay relay = RelayMainAccess.startWritingRc(KEY, project)) {
      assertTrue(Files.isRegularFile(project.resolve(".monologuerc")));
      bothClientsReadTheFileAndCallEachOther(project);
    }
  }
}
