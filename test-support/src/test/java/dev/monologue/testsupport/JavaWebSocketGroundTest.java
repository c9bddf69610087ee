package dev.monologue.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaWebSocketGroundTest {
  @TempDir
  Path sources;

  @Test
  void namesEachFileAndForbiddenWordInIt() throws IOException {
    Files.createDirectories(sources.resolve("p"));
    Files.writeString(sources.resolve("p/Peek.java"), "class Peek { Object q = conn.outQueue; void f() {"
        + " m.setAccessible(true); } }");
    Files.writeString(sources.resolve("p/Fine.java"), "class Fine { String queue = \"inQueue\".substring(1); }");
    Files.writeString(sources.resolve("p/notes.txt"), "getDeclaredField(");

    assertEquals(List.of(Path.of("p/Fine.java") + ": inQueue", Path.of("p/Peek.java") + ": outQueue",
        Path.of("p/Peek.java") + ": setAccessible("), JavaWebSocketGround.violations(sources));
  }

  @Test
  void cleanSourcesHaveNone() throws IOException {
    Files.writeString(sources.resolve("Clean.java"), "class Clean { }");
    assertEquals(List.of(), JavaWebSocketGround.violations(sources));
  }
}
