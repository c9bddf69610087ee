package dev.monologue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monologue.wire.RcKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rc files of the npm {@code rc} package for the app name {@code monologue}, most important first, as rc ranks
 * them (it reads them in the reverse order, each overriding the one before): the file named by
 * {@code monologue_config}, the nearest {@code .monologuerc} from the working directory upward,
 * {@code $HOME/.monologuerc}, {@code $HOME/.monologue/config}, {@code $HOME/.config/monologue},
 * {@code $HOME/.config/monologue/config}, {@code /etc/monologuerc}, {@code /etc/monologue/config}. Each file is read
 * the first time an option is looked up in it, and at most once.
 */
final class RcFiles {
  static final String APP = "monologue";
  static final String FILE_NAME = RcKeys.FILE;

  /** A file that exists but cannot be read as JSON or INI; the message names the file and the line. */
  static final class BrokenRcFileException extends IllegalStateException {
    BrokenRcFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final List<Path> candidates;
  private final Map<Path, Optional<ObjectNode>> read = new HashMap<>();

  RcFiles(Path workingDirectory, Path homeDirectory, Path etcDirectory, String namedFile) {
    Set<Path> paths = new LinkedHashSet<>();
    if (namedFile != null && !namedFile.isEmpty()) {
      paths.add(Path.of(namedFile).toAbsolutePath());
    }
    for (Path dir = workingDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path nearest = dir.resolve(FILE_NAME);
      if (Files.isRegularFile(nearest)) {
        paths.add(nearest);
        break;
      }
    }
    paths.add(homeDirectory.resolve(FILE_NAME));
    paths.add(homeDirectory.resolve("." + APP).resolve("config"));
    paths.add(homeDirectory.resolve(".config").resolve(APP));
    paths.add(homeDirectory.resolve(".config").resolve(APP).resolve("config"));
    paths.add(etcDirectory.resolve(APP + "rc"));
    paths.add(etcDirectory.resolve(APP).resolve("config"));
    this.candidates = List.copyOf(paths);
  }

  /** The places looked in, most important first, for messages that say where nothing was found. */
  List<Path> candidates() {
    return candidates;
  }

  /** The existing files, most important first. */
  List<Path> existing() {
    List<Path> out = new ArrayList<>();
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The file's tree; a file that cannot be read throws {@link BrokenRcFileException} (every time it is asked). */
  ObjectNode tree(Path file) {
    Optional<ObjectNode> cached = read.get(file);
    if (cached == null) {
      try {
        cached = Optional.of(RcText.parse(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (RcText.RcSyntaxException e) {
        cached = Optional.empty();
        read.put(file, cached);
        throw broken(file + ":" + e.line() + ": " + e.getMessage(), e);
      } catch (IOException | RuntimeException e) {
        cached = Optional.empty();
        read.put(file, cached);
        throw broken(file + ": could not be read: " + e, e);
      }
      read.put(file, cached);
    }
    return cached.orElseThrow(() -> broken(file + ": could not be read (see the first error about it)", null));
  }

  private static BrokenRcFileException broken(String what, Throwable cause) {
    return new BrokenRcFileException(what + ". The file must be JSON (starting with '{') or INI, as the npm rc package reads it; fix or remove it.",
        cause);
  }

  /**
   * The value of {@code option} in {@code tree} as the original clients read it: under {@code opts} (the later
   * client's {@code [opts]} section), under {@code config} (the earlier client's), then at the top level.
   */
  static JsonNode lookup(JsonNode tree, String option) {
    for (String section : new String[] {"opts", "config"}) {
      JsonNode s = tree.get(section);
      if (s != null && s.isObject() && s.hasNonNull(option)) {
        return s.get(option);
      }
    }
    return tree.hasNonNull(option) ? tree.get(option) : null;
  }
}
