package dev.monologue.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rule that Java-WebSocket is used through its public and protected extension points only: no reflection into
 * its private members, and no reads or writes of its connections' internal queues ({@code inQueue},
 * {@code outQueue}). Each module that uses Java-WebSocket checks its own main sources with {@link #violations}.
 */
public final class JavaWebSocketGround {
  /** What a source may not contain. */
  public static final List<String> FORBIDDEN = List.of("inQueue", "outQueue", "setAccessible(", "getDeclaredField(",
      "getDeclaredMethod(");

  private JavaWebSocketGround() {}

  /** {@code file: word} for each forbidden word in each {@code .java} file under {@code sources}; empty when none. */
  public static List<String> violations(Path sources) throws IOException {
    try (Stream<Path> files = Files.walk(sources)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().flatMap(f -> {
        String text = read(f);
        return FORBIDDEN.stream().filter(text::contains).map(word -> sources.relativize(f) + ": " + word);
      }).toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
