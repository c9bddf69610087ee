package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Java-WebSocket is used through its public and protected extension points only: no reflection into its private
 * members, and no reads or writes of its connections' internal queues ({@code inQueue}, {@code outQueue}).
 */
class JavaWebSocketGroundTest {
  private static final List<String> FORBIDDEN = List.of("inQueue", "outQueue", "setAccessible(", "getDeclaredField(",
      "getDeclaredMethod(");

  @Test
  void mainSourcesStayOnJavaWebSocketsPublicGround() throws IOException {
    Path sources = Path.of("src/main/java");
    List<String> found;
    try (Stream<Path> files = Files.walk(sources)) {
      found = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
        try {
          String text = Files.readString(f);
          return FORBIDDEN.stream().filter(text::contains).map(word -> sources.relativize(f) + ": " + word);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.toList());
    }
    assertEquals(List.of(), found);
  }
}
