package dev.monologue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Fills the options a user left unset from {@code MONOLOGUE_*} environment variables, then from the nearest
 * {@code .monologuerc}: explicit beats environment beats file.
 */
final class OptionsResolver {
  static final String FILE_NAME = ".monologuerc";
  static final String ENV_ENDPOINT = "MONOLOGUE_ENDPOINT";
  static final String ENV_API_KEY = "MONOLOGUE_API_KEY";
  static final String ENV_TIMEOUT = "MONOLOGUE_TIMEOUT";
  static final String ENV_LISTENERS = "MONOLOGUE_LISTENERS";

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final Path homeDirectory;

  OptionsResolver(Map<String, String> environment, Path workingDirectory, Path homeDirectory) {
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.homeDirectory = homeDirectory;
  }

  static OptionsResolver system() {
    return new OptionsResolver(System.getenv(),
        Paths.get(System.getProperty("user.dir")), Paths.get(System.getProperty("user.home")));
  }

  MonologueOptions resolve(MonologueOptions explicit) {
    Optional<Path> file = findFile();
    JsonNode rc = file.map(OptionsResolver::read).orElse(null);
    String source = file.map(Path::toString).orElse(FILE_NAME);
    MonologueOptions.Builder b = explicit.toBuilder();

    if (explicit.endpoint() == null) {
      String endpoint = firstOf(environment.get(ENV_ENDPOINT), text(rc, "endpoint"));
      if (endpoint == null) {
        throw new IllegalStateException("No relay endpoint configured. Looked in MonologueOptions.endpoint, the "
            + ENV_ENDPOINT + " environment variable and " + FILE_NAME + " (" + workingDirectory
            + " and its parents, then " + homeDirectory + "). Set one of them, or start a local relay with"
            + " --write-rc.");
      }
      b.endpoint(endpoint);
    }
    if (explicit.apiKey() == null) {
      String apiKey = firstOf(environment.get(ENV_API_KEY), text(rc, "apiKey"));
      if (apiKey != null) {
        b.apiKey(apiKey);
      }
    }
    if (!explicit.hasTimeout()) {
      String env = environment.get(ENV_TIMEOUT);
      if (env != null) {
        b.timeout(parseDuration(env, ENV_TIMEOUT));
      } else if (rc != null && rc.hasNonNull("timeout")) {
        b.timeout(parseDuration(rc.get("timeout").asText(), "timeout in " + source));
      }
    }
    if (!explicit.hasListeners()) {
      String env = environment.get(ENV_LISTENERS);
      if (env != null) {
        b.listeners(parseInt(env, ENV_LISTENERS));
      } else if (rc != null && rc.hasNonNull("listeners")) {
        b.listeners(parseInt(rc.get("listeners").asText(), "listeners in " + source));
      }
    }
    return b.build();
  }

  /** The first {@code .monologuerc} in the working directory or a parent, else in the home directory. */
  Optional<Path> findFile() {
    for (Path dir = workingDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(FILE_NAME);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    Path home = homeDirectory.resolve(FILE_NAME);
    return Files.isRegularFile(home) ? Optional.of(home) : Optional.empty();
  }

  private static JsonNode read(Path file) {
    try {
      JsonNode node = new ObjectMapper().readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new IllegalStateException(file + " must hold a JSON object such as"
            + " {\"endpoint\":\"ws://127.0.0.1:8080\",\"apiKey\":\"...\"}");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
  }

  private static String text(JsonNode rc, String field) {
    return rc != null && rc.hasNonNull(field) ? rc.get(field).asText() : null;
  }

  private static String firstOf(String a, String b) {
    return a != null && !a.isEmpty() ? a : b;
  }

  /** Accepts ISO-8601 ({@code PT15S}) or a number of milliseconds. */
  static Duration parseDuration(String value, String where) {
    String v = value.trim();
    try {
      if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
        return Duration.ofMillis(Long.parseLong(v));
      }
      return Duration.parse(v);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + " must be milliseconds or an ISO-8601 duration such as PT15S, was '" + value + "'", e);
    }
  }

  private static int parseInt(String value, String where) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + " must be a whole number, was '" + value + "'", e);
    }
  }
}
