package dev.monologue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.relay.LocalRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar {@code mvn package} writes runs on its own: {@code java -jar} with its libraries in {@code lib/}. */
class CliJarIT {
  private static final Duration RUN = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void theRunnableJarConnectsToARelay() throws Exception {
    Path jar = Paths.get(System.getProperty("monologue.cliJar"));
    assertTrue(Files.isRegularFile(jar), jar + " was not built");
    try (LocalRelay relay = LocalRelay.builder().host("127.0.0.1").port(0).build()) {
      relay.start();
      Path out = dir.resolve("out.txt");
      Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-Duser.home=" + dir, "-jar", jar.toString(), "whoami", "--endpoint", relay.endpoint().toString())
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try {
        assertTrue(p.waitFor(RUN.toSeconds(), TimeUnit.SECONDS), "java -jar did not end within " + RUN);
        List<String> lines = Files.readAllLines(out);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("\\S+"), "a connection ID: " + lines);
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
