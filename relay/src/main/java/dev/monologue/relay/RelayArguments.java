package dev.monologue.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.monologue.wire.RcKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line of {@link RelayMain}: each {@link RelaySetting} from the command line, the environment,
 * the {@code "relay"} section of the rc file, or its default, checked and typed. {@code writeRcDir} is null when no
 * rc file is to be written.
 */
final class RelayArguments {
  static final String ENV_API_KEYS = RelaySetting.API_KEYS.environmentVariable;
  /** Names the rc file to read, instead of the nearest {@code .monologuerc} from the working directory up. */
  static final String CONFIG_OPTION = "--config";
  static final String ENV_CONFIG = "MONOLOGUE_RELAY_CONFIG";
  /** The rc file's section that holds the relay's settings; the client's settings live beside it. */
  static final String RC_SECTION = RcKeys.RELAY_SECTION;
  static final int DEFAULT_PORT = 8080;

  static final String USAGE = usage();

  /** Thrown for a bad command line, environment or rc file; the message says what is wrong and where. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  private final Map<RelaySetting, Object> values;
  private final Path writeRcDir;
  private final boolean help;

  private RelayArguments(Map<RelaySetting, Object> values, Path writeRcDir, boolean help) {
    this.values = values;
    this.writeRcDir = writeRcDir;
    this.help = help;
  }

  static RelayArguments parse(String[] args, Map<String, String> env, Path workingDirectory)
      throws UsageException {
    Map<RelaySetting, List<String>> given = new EnumMap<>(RelaySetting.class);
    Path rc = null;
    Path config = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.equals("--write-rc")) {
        rc = i + 1 < args.length && !args[i + 1].startsWith("--") ? workingDirectory.resolve(args[++i])
            : workingDirectory;
      } else if (arg.equals(CONFIG_OPTION)) {
        config = workingDirectory.resolve(value(args, ++i, arg));
      } else {
        RelaySetting s = RelaySetting.byOption(arg);
        if (s == null) {
          throw new UsageException("unknown option '" + arg + "'");
        }
        String v = value(args, ++i, arg);
        if (s != RelaySetting.API_KEYS && given.containsKey(s)) {
          throw new UsageException(arg + " is given twice");
        }
        if (s == RelaySetting.API_KEYS && v.isBlank()) {
          throw new UsageException("--api-key needs a non-empty key");
        }
        given.computeIfAbsent(s, k -> new ArrayList<>()).add(v);
      }
    }
    if (config == null && env.get(ENV_CONFIG) != null && !env.get(ENV_CONFIG).isBlank()) {
      config = workingDirectory.resolve(env.get(ENV_CONFIG));
    }
    RcSection file = config != null ? RcSection.read(config, true) : RcSection.nearest(workingDirectory);
    Map<RelaySetting, Object> values = new EnumMap<>(RelaySetting.class);
    for (RelaySetting s : RelaySetting.values()) {
      List<String> fromArgs = given.get(s);
      String text;
      String where;
      if (fromArgs != null) {
        text = String.join(",", fromArgs);
        where = s.option;
      } else if (env.get(s.environmentVariable) != null) {
        text = env.get(s.environmentVariable);
        where = "$" + s.environmentVariable;
      } else if (file.values.containsKey(s)) {
        text = file.values.get(s);
        where = RC_SECTION + "." + s.rcKey + " in " + file.path;
      } else {
        text = s.defaultValue;
        where = "the default of " + s.option;
      }
      if (s == RelaySetting.API_KEYS && fromArgs != null) {
        values.put(s, List.copyOf(fromArgs)); // a key given on its own may hold a comma
      } else {
        values.put(s, typed(s, text, where));
      }
    }
    RelayArguments parsed = new RelayArguments(values, rc, help);
    parsed.check();
    return parsed;
  }

  private void check() throws UsageException {
    boolean pem = tlsCert() != null || tlsKey() != null;
    if (pem && (tlsCert() == null || tlsKey() == null)) {
      throw new UsageException("--tls-cert and --tls-key go together; give both, or --tls-pkcs12");
    }
    if (pem && tlsPkcs12() != null) {
      throw new UsageException("give either --tls-cert and --tls-key or --tls-pkcs12, not both");
    }
    if (messageRate() == 0 && integer(RelaySetting.MESSAGE_BURST) > 0) {
      throw new UsageException("--message-burst needs --message-rate");
    }
  }

  private static Object typed(RelaySetting s, String text, String where) throws UsageException {
    String t = text.strip();
    try {
      switch (s.kind) {
        case TEXT:
          if (t.isEmpty()) {
            throw new UsageException(where + " is empty");
          }
          return t;
        case SECRET:
          return text.isEmpty() ? null : text;
        case PATH:
          return t.isEmpty() ? null : Path.of(t);
        case LIST:
          List<String> items = new ArrayList<>();
          for (String item : text.split(",")) {
            if (!item.isBlank()) {
              items.add(item.strip());
            }
          }
          return List.copyOf(items);
        case PORT:
          return t.isEmpty() ? null : (Object) whole(t, where, 0, 65535);
        case POSITIVE_INT:
          return (int) whole(t, where, 1, Integer.MAX_VALUE);
        case COUNT:
          return (int) whole(t, where, 0, Integer.MAX_VALUE);
        case POSITIVE_LONG:
          return whole(t, where, 1, Long.MAX_VALUE);
        case DURATION:
        case DURATION_OR_ZERO:
          Duration d = DurationText.parse(t);
          if (d.isNegative() || (d.isZero() && s.kind == RelaySetting.Kind.DURATION)) {
            throw new UsageException(where + " must be " + (s.kind == RelaySetting.Kind.DURATION ? "positive"
                : "zero or more") + ", was " + t);
          }
          return d;
        default:
          throw new AssertionError(s.kind);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(where + ": " + e.getMessage());
    }
  }

  private static long whole(String t, String where, long min, long max) throws UsageException {
    long v;
    try {
      v = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new UsageException(where + " needs a whole number, was '" + t + "'");
    }
    if (v < min || v > max) {
      throw new UsageException(where + " must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  private static String value(String[] args, int i, String option) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  String host() {
    return host(RelaySetting.HOST);
  }

  String host(RelaySetting s) {
    return (String) values.get(s);
  }

  int port() {
    return ((Long) values.get(RelaySetting.PORT)).intValue();
  }

  @SuppressWarnings("unchecked")
  List<String> apiKeys() {
    return (List<String>) values.get(RelaySetting.API_KEYS);
  }

  int maxMessageBytes() {
    return integer(RelaySetting.MAX_MESSAGE_BYTES);
  }

  int messageRate() {
    return integer(RelaySetting.MESSAGE_RATE);
  }

  /** The burst of the message rate: as many as the rate when not given. */
  int messageBurst() {
    int burst = integer(RelaySetting.MESSAGE_BURST);
    return burst == 0 ? messageRate() : burst;
  }

  int integer(RelaySetting s) {
    return (Integer) values.get(s);
  }

  long positiveLong(RelaySetting s) {
    return (Long) values.get(s);
  }

  Duration duration(RelaySetting s) {
    return (Duration) values.get(s);
  }

  /** The file a {@link RelaySetting.Kind#PATH} setting names, or null when none was given. */
  Path path(RelaySetting s) {
    return (Path) values.get(s);
  }

  Path tlsCert() {
    return (Path) values.get(RelaySetting.TLS_CERT);
  }

  Path tlsKey() {
    return (Path) values.get(RelaySetting.TLS_KEY);
  }

  Path tlsPkcs12() {
    return (Path) values.get(RelaySetting.TLS_PKCS12);
  }

  /** Null when none was given. */
  String secret(RelaySetting s) {
    return (String) values.get(s);
  }

  /** The admin port, or null when there is none. */
  Integer adminPort() {
    Long p = (Long) values.get(RelaySetting.ADMIN_PORT);
    return p == null ? null : p.intValue();
  }

  Path writeRcDir() {
    return writeRcDir;
  }

  boolean help() {
    return help;
  }

  private static String usage() {
    StringBuilder sb = new StringBuilder(String.join("\n",
        "Usage: java -jar monologue-relay-all.jar [options]",
        "Runs a Monologue relay on this machine. Each option is also an environment variable and a key of the",
        "\"relay\" object in .monologuerc (the nearest from the working directory up, or " + CONFIG_OPTION
            + " FILE,",
        "or $" + ENV_CONFIG + "); the command line beats the environment, which beats the file.",
        ""));
    for (RelaySetting s : RelaySetting.values()) {
      String left = "  " + s.option + " " + s.metavar;
      sb.append('\n').append(String.format("%-34s %s", left, s.help));
      String dflt = s.defaultValue.isEmpty() || s.secret() ? "" : "default " + s.defaultValue + "; ";
      sb.append('\n').append(String.format("%-34s (%s$%s, rc %s)", "", dflt, s.environmentVariable, s.rcKey));
    }
    sb.append('\n').append(String.format("%-34s %s", "  " + CONFIG_OPTION + " FILE",
        "read the \"relay\" settings from FILE (JSON)"));
    sb.append('\n').append(String.format("%-34s %s", "  --write-rc [DIR]",
        "write .monologuerc (endpoint and first API key) into DIR (default: the working directory)"));
    sb.append('\n').append(String.format("%-34s %s", "  --help", "show this help"));
    return sb.toString();
  }

  /** The {@code "relay"} object of an rc file, as text values by setting. */
  static final class RcSection {
    final Path path;
    final Map<RelaySetting, String> values;

    private RcSection(Path path, Map<RelaySetting, String> values) {
      this.path = path;
      this.values = values;
    }

    /** The nearest {@code .monologuerc} from {@code dir} upward that is JSON; none found is an empty section. */
    static RcSection nearest(Path dir) throws UsageException {
      for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
        Path file = d.resolve(RelayMain.RC_FILE);
        if (Files.isRegularFile(file)) {
          return read(file, false);
        }
      }
      return new RcSection(null, Map.of());
    }

    /**
     * Reads the {@code "relay"} object of {@code file}. A file that is not JSON is an error when it was named, and
     * has no relay settings when it was found (the clients also read INI rc files, which hold no relay settings).
     */
    static RcSection read(Path file, boolean named) throws UsageException {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UsageException("could not read " + file + ": " + e.getMessage());
      }
      if (!text.stripLeading().startsWith("{")) {
        if (named) {
          throw new UsageException(file + " is not JSON; the relay's settings go in a JSON object under \""
              + RC_SECTION + "\"");
        }
        return new RcSection(file, Map.of());
      }
      Map<RelaySetting, String> out = new LinkedHashMap<>();
      try (JsonParser p = new JsonFactory().createParser(text)) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if (!field.equals(RC_SECTION)) {
            p.skipChildren();
            continue;
          }
          if (t != JsonToken.START_OBJECT) {
            throw new UsageException("\"" + RC_SECTION + "\" in " + file + " must be an object");
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            RelaySetting s = RelaySetting.byRcKey(key);
            if (s == null) {
              throw new UsageException("unknown key '" + key + "' under \"" + RC_SECTION + "\" in " + file
                  + "; the keys are those of --help");
            }
            out.put(s, scalarOrList(p, p.nextToken(), file, key));
          }
        }
      } catch (IOException e) {
        throw new UsageException(file + " is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
      }
      return new RcSection(file, Map.copyOf(out));
    }

    private static String scalarOrList(JsonParser p, JsonToken t, Path file, String key)
        throws IOException, UsageException {
      if (t == JsonToken.START_ARRAY) {
        List<String> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(p.getValueAsString(""));
        }
        return String.join(",", items);
      }
      if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
        return p.getValueAsString("");
      }
      throw new UsageException(RC_SECTION + "." + key + " in " + file + " must be a string, number or list");
    }
  }
}
