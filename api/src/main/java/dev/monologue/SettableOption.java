package dev.monologue;

import dev.monologue.wire.RcKeys;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The options that the environment and rc files can set, each under its builder name (the key in a file and in a
 * {@code monologue_<name>} variable) and its {@code MONOLOGUE_<NAME>} variable, with what it does and its default:
 * the one table of them, which the Spring starter's properties and the command line's flags read through
 * {@link Setting}. The reconnect policy's parts are here too; {@link OptionsResolver} builds the policy from them.
 */
enum SettableOption {
  ENDPOINT(RcKeys.ENDPOINT, "The relay's ws:// or wss:// URI.", null,
      (b, v, where) -> b.endpoint(v.trim())),
  API_KEY(RcKeys.API_KEY, "The API key sent in the x-api-key header at the handshake.", null,
      (b, v, where) -> b.apiKey(v)),
  TIMEOUT("timeout", "Bounds each call, and connecting unless connectTimeout is set.",
      MonologueOptions.DEFAULT_TIMEOUT,
      (b, v, where) -> b.timeout(positive(duration(v, where), where))),
  CONNECT_TIMEOUT("connectTimeout", "Bounds connecting (the handshake, claims and joins); the timeout when not set.",
      null,
      (b, v, where) -> b.connectTimeout(positive(duration(v, where), where))),
  LISTENERS("listeners", "The most methods this machine serves.", MonologueOptions.DEFAULT_LISTENERS,
      (b, v, where) -> b.listeners(integer(v, where))),
  KEEP_ALIVE_INTERVAL("keepAliveInterval",
      "Idleness after which a keep-alive goes out, so that API Gateway's 10-minute idle timeout never ends a quiet"
          + " connection; 0 turns it off.",
      MonologueOptions.DEFAULT_KEEP_ALIVE_INTERVAL,
      (b, v, where) -> b.keepAliveInterval(duration(v, where))),
  MAX_CONNECTION_AGE("maxConnectionAge",
      "Age at which a connection is replaced by a fresh one, ahead of API Gateway's 2-hour limit, losing no call;"
          + " 0: never.",
      MonologueOptions.DEFAULT_MAX_CONNECTION_AGE,
      (b, v, where) -> b.maxConnectionAge(duration(v, where))),
  PROBE_INTERVAL("probeInterval",
      "Age of a pending call after which the relay is asked whether its peer is still connected, so calls to a dead"
          + " peer fail fast; 0: no probes.",
      MonologueOptions.DEFAULT_PROBE_INTERVAL,
      (b, v, where) -> b.probeInterval(duration(v, where))),
  FAIL_FAST_WHILE_DISCONNECTED("failFastWhileDisconnected",
      "Whether a call made while reconnecting fails at once instead of waiting within its timeout.", false,
      (b, v, where) -> b.failFastWhileDisconnected(bool(v, where))),
  MAX_CALLS_IN_FLIGHT("maxCallsInFlight",
      "The most calls awaiting replies at once; one more fails, or waits with waitForCallSlot.",
      MonologueOptions.DEFAULT_MAX_CALLS_IN_FLIGHT,
      (b, v, where) -> b.maxCallsInFlight(integer(v, where))),
  WAIT_FOR_CALL_SLOT("waitForCallSlot",
      "Whether a call past maxCallsInFlight waits, within its timeout, for a slot instead of failing.", false,
      (b, v, where) -> b.waitForCallSlot(bool(v, where))),
  MAX_QUEUED_HANDLER_CALLS("maxQueuedHandlerCalls",
      "The most incoming calls queued for the client's own handler pool; past it a call is answered OVERLOADED.",
      MonologueOptions.DEFAULT_MAX_QUEUED_HANDLER_CALLS,
      (b, v, where) -> b.maxQueuedHandlerCalls(integer(v, where))),
  MAX_MESSAGE_BYTES("maxMessageBytes",
      "The largest frame the relay accepts, in UTF-8 bytes; larger requests fail before they are sent.",
      MonologueOptions.DEFAULT_MAX_MESSAGE_BYTES,
      (b, v, where) -> b.maxMessageBytes(integer(v, where))),
  OWNER_SECRET("ownerSecret",
      "The secret (16 to 256 characters) that makes this machine the owner of its names across restarts.", null,
      (b, v, where) -> b.ownerSecret(v.strip())),
  OWNER_SECRET_FILE("ownerSecretFile",
      "Where the generated owner secret is kept when ownerSecret is not set; ~/.monologue/owner-secret when not set.",
      null,
      (b, v, where) -> b.ownerSecretFile(java.nio.file.Path.of(v.strip()))),
  RECONNECT("reconnect", "Whether the client reconnects after a drop.", true, null),
  RECONNECT_INITIAL_DELAY("reconnectInitialDelay",
      "The wait before the first reconnect attempt, doubled after each failed one.",
      ReconnectPolicy.DEFAULT_INITIAL_DELAY, null),
  RECONNECT_MAX_DELAY("reconnectMaxDelay", "The longest wait between reconnect attempts.",
      ReconnectPolicy.DEFAULT_MAX_DELAY, null),
  RECONNECT_JITTER("reconnectJitter", "The share of each wait that is random, from 0 to 1.",
      ReconnectPolicy.DEFAULT_JITTER, null),
  RECONNECT_MAX_ATTEMPTS("reconnectMaxAttempts", "The most reconnect attempts after a drop; 0: unlimited.",
      ReconnectPolicy.UNLIMITED, null);

  /** Sets an option on a builder from its text; {@code where} names the source for errors. */
  private interface Setter {
    void set(MonologueOptions.Builder b, String value, String where);
  }

  private final String key;
  private final String description;
  private final Object defaultValue;
  /** Null for the reconnect policy's parts, which {@link OptionsResolver} builds into one policy. */
  private final Setter setter;

  SettableOption(String key, String description, Object defaultValue, Setter setter) {
    this.key = key;
    this.description = description;
    this.defaultValue = defaultValue;
    this.setter = setter;
  }

  /** What the option does, in a sentence: the text of {@link Setting#description()}. */
  String description() {
    return description;
  }

  /** The client's value when nothing sets it, or null when there is none to show. */
  Object defaultValue() {
    return defaultValue;
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
    return setter == null;
  }

  /**
   * Sets the option on {@code b} from its text; an {@link IllegalArgumentException} for a value it refuses begins
   * with {@code where}, the source.
   */
  void apply(MonologueOptions.Builder b, String value, String where) {
    if (setter == null) {
      throw new AssertionError(this + " is part of the reconnect policy");
    }
    checked(() -> setter.set(b, value, where), where);
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
