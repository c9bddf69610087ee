package dev.monologue.relay;

import java.time.Duration;
import java.util.Locale;

/**
 * Every setting of the relay's command line, in one table: its option, environment variable and rc key (under
 * {@code "relay"} in {@code .monologuerc}), the kind of value, the default, the {@link LocalRelay.Builder} method it
 * feeds (null for the settings of the command line's own admin endpoint), and its help line. A value on the command
 * line beats one in the environment, which beats one in the rc file, which beats the default.
 */
enum RelaySetting {
  HOST("host", Kind.TEXT, "127.0.0.1", "host", "H",
      "address to listen on; 0.0.0.0 for every interface"),
  PORT("port", Kind.PORT, "8080", "port", "N", "port to listen on; 0 picks a free one"),
  API_KEYS("api-key", "MONOLOGUE_RELAY_API_KEYS", "apiKeys", Kind.LIST, "", "apiKeys", "K",
      "an API key clients must send in " + ApiKeyCheck.API_KEY_HEADER + "; repeat for several (environment and rc: comma separated);"
          + " none = accept anyone"),
  MAX_MESSAGE_BYTES("max-message-bytes", Kind.POSITIVE_INT, String.valueOf(LocalRelay.DEFAULT_MAX_MESSAGE_BYTES),
      "maxMessageBytes", "N", "largest message a client may send"),
  IDLE_TIMEOUT("idle-timeout", Kind.DURATION, DurationText.format(LocalRelay.DEFAULT_IDLE_TIMEOUT), "idleTimeout",
      "T", "a connection that sends no message this long is closed (500ms, 30s, 10m, 2h or PT10M)"),
  MAX_CONNECTION_DURATION("max-connection-duration", Kind.DURATION,
      DurationText.format(LocalRelay.DEFAULT_MAX_CONNECTION_DURATION), "maxConnectionDuration", "T",
      "a connection open this long is closed; clients reconnect"),
  MAX_QUEUED_BYTES("max-queued-bytes", "MONOLOGUE_RELAY_MAX_QUEUED_BYTES", "maxQueuedBytes", Kind.POSITIVE_LONG,
      String.valueOf(LocalRelay.DEFAULT_MAX_QUEUED_BYTES_PER_CONNECTION), "maxQueuedBytesPerConnection", "N",
      "bytes that may wait unsent to one connection"),
  MAX_BUFFERED_BYTES("max-buffered-bytes", Kind.POSITIVE_LONG, String.valueOf(LocalRelay.DEFAULT_MAX_BUFFERED_BYTES),
      "maxBufferedBytes", "N", "bytes the relay holds queued or in unfinished messages, all connections together;"
          + " past it frames to others get PEER_BUSY and new connections are closed with 1013"),
  NAME_LEASE("name-lease", Kind.DURATION, DurationText.format(dev.monologue.wire.NameLease.DEFAULT), "nameLease",
      "T", "a name's holder that sends nothing this long loses its names"),
  POLICY("policy", Kind.PATH, "", "policy", "FILE",
      "a JSON file saying what each API key may do with names and groups, and its tenant (docs/names.md);"
          + " default: any name and group, no takeover of another owner's names"),
  MESSAGE_RATE("message-rate", Kind.COUNT, "0", "messageRateLimit", "N",
      "messages a second each connection may send; 0 = no limit"),
  MESSAGE_BURST("message-burst", Kind.COUNT, "0", "messageRateLimit", "N",
      "messages a connection may send at once over its rate; 0 = as many as the rate"),
  MAX_CONNECTIONS("max-connections", Kind.POSITIVE_INT, String.valueOf(LocalRelay.DEFAULT_MAX_CONNECTIONS),
      "maxConnections", "N", "open connections at most; one more is closed with 1013"),
  MAX_PENDING_HANDSHAKES("max-pending-handshakes", Kind.POSITIVE_INT,
      String.valueOf(LocalRelay.DEFAULT_MAX_PENDING_HANDSHAKES), "maxPendingHandshakes", "N",
      "sockets still in their handshake at most; past that the oldest are closed"),
  HANDSHAKE_TIMEOUT("handshake-timeout", Kind.DURATION, DurationText.format(LocalRelay.DEFAULT_HANDSHAKE_TIMEOUT),
      "handshakeTimeout", "T", "how long a socket may take to finish its handshake"),
  IO_THREADS("io-threads", Kind.POSITIVE_INT, String.valueOf(LocalRelay.DEFAULT_IO_THREADS), "ioThreads", "N",
      "threads that decode and route frames; 1 = the socket thread itself (docs/performance.md)"),
  NEW_CONNECTION_RATE("new-connection-rate", Kind.COUNT, "0", "newConnectionRateLimit", "N",
      "new connections a second, all clients together, over which one is refused with 429; 0 = no limit"),
  TLS_CERT("tls-cert", Kind.PATH, "", "tls", "FILE",
      "serve wss:// with this PEM certificate chain (with --tls-key)"),
  TLS_KEY("tls-key", Kind.PATH, "", "tls", "FILE", "the PEM private key (PKCS#8) of --tls-cert"),
  TLS_PKCS12("tls-pkcs12", Kind.PATH, "", "tls", "FILE", "serve wss:// with the key and chain of this PKCS12 file"),
  TLS_PASSWORD("tls-password", Kind.SECRET, "", "tls", "P", "the password of --tls-pkcs12 (default: none)"),
  ADMIN_PORT("admin-port", Kind.PORT, "", null, "N",
      "serve /healthz, /metrics and /status on this port (default: none; 0 picks a free one)"),
  ADMIN_HOST("admin-host", Kind.TEXT, "127.0.0.1", null, "H", "address of the admin port"),
  ADMIN_KEY("admin-key", Kind.SECRET, "", null, "K",
      "the key the status page asks for (default: none, and the status page is off)"),
  DRAIN_TIME("drain-time", Kind.DURATION_OR_ZERO, "0s", null, "T",
      "on shutdown, how long /healthz answers 503 before connections are closed");

  /** The kinds of value, each parsed and checked by {@link RelayArguments}. */
  enum Kind { TEXT, PORT, LIST, POSITIVE_INT, POSITIVE_LONG, COUNT, DURATION, DURATION_OR_ZERO, PATH, SECRET }

  private static final String ENV_PREFIX = "MONOLOGUE_RELAY_";

  final String option;
  final String environmentVariable;
  final String rcKey;
  final Kind kind;
  /** The value when none is given; "" for none. */
  final String defaultValue;
  /** The {@link LocalRelay.Builder} method this setting feeds, or null. */
  final String builderMethod;
  final String metavar;
  final String help;

  RelaySetting(String name, Kind kind, String defaultValue, String builderMethod, String metavar, String help) {
    this(name, ENV_PREFIX + name.replace('-', '_').toUpperCase(Locale.ROOT), camel(name), kind, defaultValue,
        builderMethod, metavar, help);
  }

  RelaySetting(String name, String environmentVariable, String rcKey, Kind kind, String defaultValue,
      String builderMethod, String metavar, String help) {
    this.option = "--" + name;
    this.environmentVariable = environmentVariable;
    this.rcKey = rcKey;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.builderMethod = builderMethod;
    this.metavar = metavar;
    this.help = help;
  }

  /** Whether the value is a secret: never printed, not even in an error message. */
  boolean secret() {
    return kind == Kind.SECRET || this == API_KEYS;
  }

  static RelaySetting byOption(String option) {
    for (RelaySetting s : values()) {
      if (s.option.equals(option)) {
        return s;
      }
    }
    return null;
  }

  static RelaySetting byRcKey(String key) {
    for (RelaySetting s : values()) {
      if (s.rcKey.equals(key)) {
        return s;
      }
    }
    return null;
  }

  private static String camel(String name) {
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  /** The default as a duration, for the kinds that are durations. */
  Duration defaultDuration() {
    return DurationText.parse(defaultValue);
  }
}
