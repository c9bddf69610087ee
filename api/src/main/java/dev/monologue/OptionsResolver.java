package dev.monologue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the options a user left unset: from {@code MONOLOGUE_*} environment variables, then from {@code monologue_*}
 * variables as the npm {@code rc} package names them, then from the rc files of {@link RcFiles}, most important
 * first. Explicit beats environment beats file. A file is read only when an option is still unset; a file that
 * cannot be read fails the resolution when the endpoint is still missing, and is skipped with a warning otherwise,
 * so that a foreign or broken file never stops a client whose endpoint was given.
 */
final class OptionsResolver {
  static final String FILE_NAME = RcFiles.FILE_NAME;
  /** rc's prefix for variables, matched without regard to case; the rest of the name is the key, {@code __} nests. */
  static final String RC_PREFIX = RcFiles.APP + "_";

  private static final Logger log = LoggerFactory.getLogger(OptionsResolver.class);

  private final Map<String, String> environment;
  private final ObjectNode rcEnvironment;
  private final Path workingDirectory;
  private final Path homeDirectory;
  private final Path etcDirectory;
  private final Set<Path> warnedAbout = new HashSet<>();

  OptionsResolver(Map<String, String> environment, Path workingDirectory, Path homeDirectory, Path etcDirectory) {
    this.environment = Map.copyOf(environment);
    this.rcEnvironment = rcTree(environment);
    this.workingDirectory = workingDirectory;
    this.homeDirectory = homeDirectory;
    this.etcDirectory = etcDirectory;
  }

  static OptionsResolver system() {
    return new OptionsResolver(System.getenv(), Paths.get(System.getProperty("user.dir")),
        Paths.get(System.getProperty("user.home")), Paths.get("/etc"));
  }

  MonologueOptions resolve(MonologueOptions explicit) {
    JsonNode named = rcEnvironment.get("config");
    RcFiles files = new RcFiles(workingDirectory, homeDirectory, etcDirectory,
        named != null && named.isTextual() ? named.textValue() : null);
    MonologueOptions.Builder b = explicit.toBuilder();
    for (SettableOption option : SettableOption.values()) {
      if (option.partOfReconnectPolicy() || explicit.isSet(option.key())) {
        continue;
      }
      Found found = find(files, option, option == SettableOption.ENDPOINT);
      if (found != null) {
        option.apply(b, found.value(), found.where());
      } else if (option == SettableOption.ENDPOINT) {
        throw new IllegalStateException("No relay endpoint configured. Looked in MonologueOptions.endpoint, the "
            + option.environmentVariable() + " and " + RC_PREFIX + option.key() + " environment variables and "
            + files.candidates() + " (the first " + FILE_NAME + " from " + files.candidates().size()
            + " places, as the npm rc package looks). Set one of them, or start a local relay with --write-rc.");
      }
    }
    if (!explicit.isSet("reconnectPolicy")) {
      resolveReconnectPolicy(files, b);
    }
    return b.build();
  }

  private void resolveReconnectPolicy(RcFiles files, MonologueOptions.Builder b) {
    Found enabled = find(files, SettableOption.RECONNECT, false);
    if (enabled != null && !SettableOption.bool(enabled.value(), enabled.where())) {
      b.reconnectPolicy(ReconnectPolicy.disabled());
      return;
    }
    ReconnectPolicy.Builder policy = ReconnectPolicy.builder();
    boolean any = false;
    Found f;
    try {
      if ((f = find(files, SettableOption.RECONNECT_INITIAL_DELAY, false)) != null) {
        policy.initialDelay(SettableOption.duration(f.value(), f.where()));
        any = true;
      }
      if ((f = find(files, SettableOption.RECONNECT_MAX_DELAY, false)) != null) {
        policy.maxDelay(SettableOption.duration(f.value(), f.where()));
        any = true;
      }
      if ((f = find(files, SettableOption.RECONNECT_JITTER, false)) != null) {
        policy.jitter(SettableOption.decimal(f.value(), f.where()));
        any = true;
      }
      if ((f = find(files, SettableOption.RECONNECT_MAX_ATTEMPTS, false)) != null) {
        policy.maxAttempts(SettableOption.integer(f.value(), f.where()));
        any = true;
      }
      if (any) {
        b.reconnectPolicy(policy.build());
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("The reconnect options from the environment or rc files are not"
          + " consistent: " + e.getMessage(), e);
    }
  }

  /** Where an option's text came from, for messages. */
  private record Found(String value, String where) {}

  private Found find(RcFiles files, SettableOption option, boolean required) {
    String ours = environment.get(option.environmentVariable());
    if (ours != null && !ours.isEmpty()) {
      return new Found(ours, option.environmentVariable());
    }
    JsonNode rc = RcFiles.lookup(rcEnvironment, option.key());
    if (rc != null) {
      return found(option, rc, "the environment variable " + RC_PREFIX + option.key());
    }
    for (Path file : files.existing()) {
      ObjectNode tree;
      try {
        tree = files.tree(file);
      } catch (RcFiles.BrokenRcFileException e) {
        if (required) {
          throw e;
        }
        if (warnedAbout.add(file)) {
          log.warn("Ignoring {} for the options not set otherwise: {}", file, e.getMessage());
        }
        continue;
      }
      JsonNode value = RcFiles.lookup(tree, option.key());
      if (value != null) {
        return found(option, value, option.key() + " in " + file);
      }
    }
    return null;
  }

  private static Found found(SettableOption option, JsonNode value, String where) {
    if (!value.isValueNode()) {
      throw new IllegalArgumentException(where + " must be a single value, was " + value);
    }
    return new Found(value.asText(), where);
  }

  /** The {@code monologue_*} variables as rc reads them: {@code monologue_opts__apiKey} is {@code opts.apiKey}. */
  private static ObjectNode rcTree(Map<String, String> environment) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, String> e : environment.entrySet()) {
      String name = e.getKey();
      if (name.length() <= RC_PREFIX.length()
          || !name.substring(0, RC_PREFIX.length()).toLowerCase(Locale.ROOT).equals(RC_PREFIX)) {
        continue;
      }
      String[] path = name.substring(RC_PREFIX.length()).split("__");
      ObjectNode at = root;
      for (int i = 0; i < path.length - 1 && at != null; i++) {
        JsonNode child = at.get(path[i]);
        at = child == null ? at.putObject(path[i]) : child instanceof ObjectNode ? (ObjectNode) child : null;
      }
      if (at != null && !path[path.length - 1].isEmpty()) {
        at.put(path[path.length - 1], e.getValue());
      }
    }
    return root;
  }
}
