package dev.monologue.relay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The parsed command line of {@link RelayMain}. {@code writeRcDir} is null when no rc file is wanted. */
record RelayArguments(String host, int port, List<String> apiKeys, int maxMessageBytes, Path writeRcDir,
    boolean help) {
  static final String ENV_API_KEYS = "MONOLOGUE_RELAY_API_KEYS";
  static final int DEFAULT_PORT = 8080;

  static final String USAGE = String.join("\n",
      "Usage: RelayMain [options]",
      "Runs a Monologue relay on this machine.",
      "",
      "  --port N               port to listen on (default 8080; 0 picks a free one)",
      "  --host H               address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
      "  --api-key K            an API key clients must send in x-api-key; repeat for several",
      "                         (default: $" + ENV_API_KEYS + ", comma separated; none = accept anyone)",
      "  --max-message-bytes N  largest message a client may send (default 131072)",
      "  --write-rc [DIR]       write .monologuerc (endpoint and first API key) into DIR (default: the",
      "                         working directory) so clients started there need no configuration",
      "  --help                 show this help");

  /** Thrown for a bad command line; the message says what is wrong. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  static RelayArguments parse(String[] args, Map<String, String> env, Path workingDirectory)
      throws UsageException {
    String host = "127.0.0.1";
    int port = DEFAULT_PORT;
    List<String> keys = new ArrayList<>();
    int max = LocalRelay.DEFAULT_MAX_MESSAGE_BYTES;
    Path rc = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help":
        case "-h":
          help = true;
          break;
        case "--port":
          port = intValue(arg, value(args, ++i, arg), 0, 65535);
          break;
        case "--host":
          host = value(args, ++i, arg);
          break;
        case "--api-key":
          String key = value(args, ++i, arg);
          if (key.isBlank()) {
            throw new UsageException("--api-key needs a non-empty key");
          }
          keys.add(key);
          break;
        case "--max-message-bytes":
          max = intValue(arg, value(args, ++i, arg), 1, Integer.MAX_VALUE);
          break;
        case "--write-rc":
          if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
            rc = workingDirectory.resolve(args[++i]);
          } else {
            rc = workingDirectory;
          }
          break;
        default:
          throw new UsageException("unknown option '" + arg + "'");
      }
    }
    if (keys.isEmpty()) {
      String fromEnv = env.get(ENV_API_KEYS);
      if (fromEnv != null) {
        for (String k : fromEnv.split(",")) {
          if (!k.isBlank()) {
            keys.add(k.trim());
          }
        }
      }
    }
    return new RelayArguments(host, port, List.copyOf(keys), max, rc, help);
  }

  private static String value(String[] args, int i, String option) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static int intValue(String option, String text, int min, int max) throws UsageException {
    try {
      int v = Integer.parseInt(text);
      if (v < min || v > max) {
        throw new UsageException(option + " must be between " + min + " and " + max + ", was " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a whole number, was '" + text + "'");
    }
  }
}
