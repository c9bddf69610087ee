package dev.monologue;

import dev.monologue.wire.RcKeys;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The options that the environment and rc files can set, each under its builder name (the key in a file and in a
 * {@code monologue_<name>} variable) and its {@code MONOLOGUE_<NAME>} variable. The reconnect policy's parts are
 * here too; {@link OptionsResolver} builds the policy from them.
 */
enum SettableOption {
  ENDPOINT(RcKeys.ENDPOINT) {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      try {
        b.endpoint(v.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
  },
  API_KEY(RcKeys.API_KEY) {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      b.apiKey(v);
    }
  },
  TIMEOUT("timeout") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      b.timeout(positive(duration(v, where), where));
    }
  },
  CONNECT_TIMEOUT("connectTimeout") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      b.connectTimeout(positive(duration(v, where), where));
    }
  },
  LISTENERS("listeners") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.listeners(integer(v, where)), where);
    }
  },
  KEEP_ALIVE_INTERVAL("keepAliveInterval") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.keepAliveInterval(duration(v, where)), where);
    }
  },
  MAX_CONNECTION_AGE("maxConnectionAge") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.maxConnectionAge(duration(v, where)), where);
    }
  },
  PROBE_INTERVAL("probeInterval") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.probeInterval(duration(v, where)), where);
    }
  },
  FAIL_FAST_WHILE_DISCONNECTED("failFastWhileDisconnected") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      b.failFastWhileDisconnected(bool(v, where));
    }
  },
  MAX_CALLS_IN_FLIGHT("maxCallsInFlight") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.maxCallsInFlight(integer(v, where)), where);
    }
  },
  WAIT_FOR_CALL_SLOT("waitForCallSlot") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      b.waitForCallSlot(bool(v, where));
    }
  },
  MAX_QUEUED_HANDLER_CALLS("maxQueuedHandlerCalls") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.maxQueuedHandlerCalls(integer(v, where)), where);
    }
  },
  MAX_MESSAGE_BYTES("maxMessageBytes") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.maxMessageBytes(integer(v, where)), where);
    }
  },
  OWNER_SECRET("ownerSecret") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.ownerSecret(v.strip()), where);
    }
  },
  OWNER_SECRET_FILE("ownerSecretFile") {
    @Override
    void apply(MonologueOptions.Builder b, String v, String where) {
      checked(() -> b.ownerSecretFile(java.nio.file.Path.of(v.strip())), where);
    }
  },
  RECONNECT("reconnect"),
  RECONNECT_INITIAL_DELAY("reconnectInitialDelay"),
  RECONNECT_MAX_DELAY("reconnectMaxDelay"),
  RECONNECT_JITTER("reconnectJitter"),
  RECONNECT_MAX_ATTEMPTS("reconnectMaxAttempts");

  private final String key;

  SettableOption(String key) {
    this.key = key;
  }

  /** The builder's name for the option: the key in rc files and in {@code monologue_} variables. */
  String key() {
    return key;
  }

  /** {@code MONOLOGUE_} and the name in upper snake case: {@code MONOLOGUE_CONNECT_TIMEOUT}. */
  String environmentVariable() {
    return "MONOLOGUE_" + name();
  }

  boolean partOfReconnectPolicy() {
    return name().startsWith("RECONNECT");
  }

  /** Sets the option on {@code b} from its text; {@code where} names the source for errors. */
  void apply(MonologueOptions.Builder b, String value, String where) {
    throw new AssertionError(this + " is part of the reconnect policy");
  }

  /** Accepts ISO-8601 ({@code PT15S}) or a number of milliseconds. */
  static Duration duration(String value, String where) {
    String v = value.trim();
    try {
      if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
        return Duration.ofMillis(Long.parseLong(v));
      }
      return Duration.parse(v);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + " must be milliseconds or an ISO-8601 duration such as PT15S, was '" + value + "'", e);
    }
  }

  static int integer(String value, String where) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + " must be a whole number, was '" + value + "'", e);
    }
  }

  static double decimal(String value, String where) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + " must be a number such as 0.5, was '" + value + "'", e);
    }
  }

  static boolean bool(String value, String where) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(where + " must be true or false, was '" + value + "'");
    }
  }

  private static Duration positive(Duration d, String where) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(where + " must be positive, was " + d);
    }
    return d;
  }

  /** Runs a builder setter, naming the source when it refuses the value. */
  private static void checked(Runnable setter, String where) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
