package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A program that embeds {@link LocalRelay} gets no AWS jar: the AWS path lives in {@code monologue-relay-aws}. Reads
 * this module's runtime class path as Maven resolved it ({@code dependency:list}, written before the tests run), so a
 * dependency added directly or brought in transitively is caught alike.
 */
class RuntimeDependenciesTest {
  /**
   * An indented {@code groupId:artifactId:type[:classifier]:version:scope}, as {@code dependency:list} begins each
   * line (what follows it, such as {@code (optional)} or the module name, is not read).
   */
  private static final Pattern COORDINATES = Pattern.compile("^\\s+([\\w.\\-]+):([\\w.\\-]+):\\S+");

  private static List<String[]> runtimeDependencies() throws IOException {
    Path file = Path.of(System.getProperty("monologue.runtimeDependencies", "target/runtime-dependencies.txt"));
    assertTrue(Files.isRegularFile(file), "no " + file.toAbsolutePath() + "; run through Maven (mvn -pl relay -am"
        + " verify), whose dependency:list writes it");
    return Files.readAllLines(file).stream()
        .map(COORDINATES::matcher)
        .filter(Matcher::lookingAt)
        .map(m -> new String[] {m.group(1), m.group(2)})
        .toList();
  }

  @Test
  void embeddingTheLocalRelayPullsNoAwsJar() throws IOException {
    List<String[]> dependencies = runtimeDependencies();
    // the list is real: the relay's own WebSocket library is on it
    assertTrue(dependencies.stream().anyMatch(d -> d[0].equals("org.java-websocket")),
        "the runtime dependencies list no org.java-websocket: the file's format changed? " + dependencies.size()
            + " lines read");
    for (String[] d : dependencies) {
      String coordinates = (d[0] + ":" + d[1]).toLowerCase(Locale.ROOT);
      boolean aws = d[0].startsWith("software.amazon") || d[0].startsWith("com.amazonaws")
          || d[0].startsWith("io.github.crac") || coordinates.contains("aws");
      assertFalse(aws, "monologue-relay's runtime class path holds " + d[0] + ":" + d[1]
          + "; the AWS path belongs in monologue-relay-aws (see 'mvn -pl relay dependency:tree')");
    }
  }
}
