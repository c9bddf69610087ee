package dev.monologue.relay;

import dev.monologue.relay.core.InMemoryNameRegistry;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.wire.Limits;
import dev.monologue.wire.NameLease;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A relay on this machine that behaves like the API Gateway one: clients connect over WebSocket, learn their
 * connection ID with {@code whoami}, and message each other by ID (see docs/protocol.md). For tests, samples and
 * development; {@link RelayMain} runs one from the command line.
 *
 * <pre>{@code
 * try (LocalRelay relay = LocalRelay.builder().port(0).apiKeys(Set.of("k1")).build()) {
 *   relay.start();
 *   URI endpoint = relay.endpoint();
 * }
 * }</pre>
 */
public final class LocalRelay implements AutoCloseable {
  /** API Gateway's limit for one WebSocket message. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = Limits.MAX_MESSAGE_BYTES;
  /** API Gateway's idle connection timeout. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Limits.IDLE_TIMEOUT;
  /** API Gateway's maximum connection duration. */
  public static final Duration DEFAULT_MAX_CONNECTION_DURATION = Limits.MAX_CONNECTION_DURATION;
  /** How many bytes may wait unsent to one connection by default: 1 MiB, eight maximum-size messages. */
  public static final long DEFAULT_MAX_QUEUED_BYTES_PER_CONNECTION = 1024 * 1024;
  /** Open connections at most, by default; each costs a few KB of heap (about 2.3 KB when idle). */
  public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
  /** Sockets whose WebSocket handshake has not finished, at most, by default. */
  public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 1_000;
  /** Bytes queued to, and in unfinished messages of, all connections together, by default: 256 MiB. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 256L * 1024 * 1024;
  /** Threads that decode and route frames by default: the selector thread alone (docs/performance.md). */
  public static final int DEFAULT_IO_THREADS = 1;
  /** How long a socket may take to finish the WebSocket handshake, by default. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final int maxMessageBytes;
  private final boolean open;
  private final WebSocketFront front;
  private final RelayLifecycle lifecycle;
  /** The default backend's names and groups, for the metrics; null with a backend of the user's. */
  private volatile InMemoryNameRegistry registry;

  private LocalRelay(RelayOptions o) {
    this.maxMessageBytes = o.maxMessageBytes();
    this.open = o.apiKeys().isEmpty();
    Function<RelayConnections, RelayBackend> factory = o.backendFactory() != null ? o.backendFactory()
        : connections -> {
          RouterBackend routing = new RouterBackend(connections, maxMessageBytes, o.policy(), o.nameLease());
          registry = routing.registry();
          return routing;
        };
    this.front = new WebSocketFront(new InetSocketAddress(o.host(), o.port()), o.apiKeys(), o.limits(), factory,
        o.tls(), o.newConnectionsPerSecond(), o.ioThreads());
    this.lifecycle = new RelayLifecycle(front, o.host(), o.tls() == null ? "ws" : "wss", open);
  }

  /**
   * A builder with the defaults: 127.0.0.1, an ephemeral port, no API keys, 128 KB messages, API Gateway's
   * 10-minute idle timeout and 2-hour maximum connection duration, 1 MiB queued per connection, no rate limit.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the port and starts accepting connections; returns once bound.
   *
   * @throws UncheckedIOException when the port cannot be bound
   * @throws IllegalStateException when already started or closed
   */
  public void start() {
    lifecycle.start();
  }

  /** Where clients connect, {@code ws://host:port} ({@code wss://} with TLS), with the bound port; valid once started. */
  public URI endpoint() {
    return lifecycle.endpoint();
  }

  /** The bound port; valid once started. */
  public int port() {
    return endpoint().getPort();
  }

  /** The largest client message, in UTF-8 bytes, the relay accepts. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** Whether the relay accepts clients without an API key. */
  public boolean acceptsAnyClient() {
    return open;
  }

  /** How many client connections are open now. */
  public int connectionCount() {
    return front.connectionCount();
  }

  /** How many WebSocket handshakes were refused with 429 over {@link Builder#newConnectionRateLimit}. */
  public long throttledHandshakes() {
    return front.throttledHandshakes();
  }

  /** Bytes the relay holds now for its connections: queued unsent to them, and in their unfinished messages. */
  public long bufferedBytes() {
    return front.bufferedBytes();
  }

  /** How many accepted sockets have not finished the WebSocket handshake yet. */
  public int pendingHandshakeCount() {
    return front.pendingHandshakeCount();
  }

  /** Whether the relay is started and not closing: it accepts connections. */
  public boolean isAccepting() {
    return lifecycle.isAccepting();
  }

  /** What it counted so far. */
  RelayCounters counters() {
    return front.counters();
  }

  /** Bytes read and written by the open connections, and queued to them: {in, out, queued}. */
  long[] openBytes() {
    return front.openBytes();
  }

  /** The open connections and when each opened ({@link System#nanoTime}). */
  Map<String, Long> openedAt() {
    return front.openedAt();
  }

  /** The default backend's names and groups; null with a backend of the user's ({@link Builder#backend}). */
  InMemoryNameRegistry registry() {
    return registry;
  }

  /** Closes one client's connection, as if it dropped; false when no such connection is open. */
  public boolean disconnect(String connectionId) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    return front.close(connectionId);
  }

  /** Closes every client connection and the port. Idempotent. */
  @Override
  public void close() {
    lifecycle.close();
  }

  /** Options for a {@link LocalRelay}; validated by {@link #build()}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Set<String> apiKeys = Set.of();
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private Function<RelayConnections, RelayBackend> backendFactory;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration maxConnectionDuration = DEFAULT_MAX_CONNECTION_DURATION;
    private long maxQueuedBytesPerConnection = DEFAULT_MAX_QUEUED_BYTES_PER_CONNECTION;
    private int messagesPerSecond;
    private int burst;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxPendingHandshakes = DEFAULT_MAX_PENDING_HANDSHAKES;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private SSLContext tls;
    private int newConnectionsPerSecond;
    private RelayPolicy policy = RelayPolicy.DEFAULT;
    private Duration nameLease = NameLease.DEFAULT;
    private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
    private int ioThreads = DEFAULT_IO_THREADS;

    private Builder() {}

    /**
     * Threads that decode and route frames. 1 (the default): the thread that reads and writes every socket does it
     * too, with no hand-off between threads. More: that many decoder threads route in parallel, each owning the
     * connections it is given, while the one socket thread reads and writes; every frame then crosses two threads
     * (docs/performance.md measures both).
     */
    public Builder ioThreads(int ioThreads) {
      if (ioThreads < 1) {
        throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
      }
      this.ioThreads = ioThreads;
      return this;
    }

    /**
     * What each API key's connections may do with names and groups: which names they may claim, which groups they
     * may join, whether they may take over names another owner holds, and their tenant (see {@link RelayPolicy}).
     * Keys are listed by their IDs ({@link dev.monologue.relay.core.ApiKeyIds}; {@link RelayPolicy.Builder#apiKey}
     * lists one by the key); every key listed must be one of {@link #apiKeys}.
     * Default {@link RelayPolicy#DEFAULT}: any name and group, no takeover of another owner's names, one space.
     * Applies to the default backend; a {@link #backend} of one's own decides for itself.
     */
    public Builder policy(RelayPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /**
     * How long a name's holder may send the relay nothing before it loses its names (docs/protocol.md, "Leases"):
     * a call to one of them then fails with {@code PEER_GONE}, another machine may claim it, and the holder's
     * connection is closed. Default {@link NameLease#DEFAULT} (30 s); the Java client keeps alive within a third of
     * it while it holds names. Applies to the default backend.
     */
    public Builder nameLease(Duration nameLease) {
      this.nameLease = Objects.requireNonNull(nameLease, "nameLease == null");
      return this;
    }

    /**
     * Accepts at most {@code perSecond} new connections a second, all clients together, as API Gateway's account
     * limit does (500 a second per region by default); a handshake over it is refused with HTTP 429. 0 (the
     * default): no limit.
     */
    public Builder newConnectionRateLimit(int perSecond) {
      if (perSecond < 0) {
        throw new IllegalArgumentException("newConnectionRateLimit must be >= 0 (0 = no limit), was " + perSecond);
      }
      this.newConnectionsPerSecond = perSecond;
      return this;
    }

    /** The address to listen on; default 127.0.0.1 (this machine only). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host == null");
      return this;
    }

    /** The port to listen on; default 0, an ephemeral port (read it back from {@link #endpoint()}). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The API keys a client may present in its {@code x-api-key} header; none (the default) accepts anyone. */
    public Builder apiKeys(Set<String> apiKeys) {
      Objects.requireNonNull(apiKeys, "apiKeys == null");
      this.apiKeys = Set.copyOf(new LinkedHashSet<>(apiKeys));
      return this;
    }

    /**
     * The largest message, in UTF-8 bytes, a client may send; default 131072 like API Gateway. As API Gateway does,
     * the relay closes the connection of a client that sends a bigger one (1009), or a single frame over 32 KB.
     */
    public Builder maxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /**
     * How long a connection may go without sending a message before the relay closes it with 1001 "idle timeout";
     * default 10 minutes, like API Gateway. Only messages count: WebSocket ping and pong frames do not (API Gateway
     * does not count them either), so a client keeps an idle connection open with {@code {"action":"ping"}}.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout == null");
      return this;
    }

    /**
     * How long a connection may stay open, however busy, before the relay closes it with 1001 "connection duration
     * exceeded"; default 2 hours, like API Gateway. Clients reconnect and learn their new ID.
     */
    public Builder maxConnectionDuration(Duration maxConnectionDuration) {
      this.maxConnectionDuration = Objects.requireNonNull(maxConnectionDuration, "maxConnectionDuration == null");
      return this;
    }

    /**
     * Bytes that may wait unsent to one connection; default 1 MiB. A frame from another that would go over it is not
     * sent (its sender gets {@code PEER_BUSY}; the slow reader stays open); the relay's answers to the connection's
     * own frames may take it to twice this, past which it is dropped (1008). A bigger frame goes to an empty queue.
     */
    public Builder maxQueuedBytesPerConnection(long maxQueuedBytesPerConnection) {
      this.maxQueuedBytesPerConnection = maxQueuedBytesPerConnection;
      return this;
    }

    /**
     * Limits each connection to {@code messagesPerSecond} messages a second on average, {@code burst} at once;
     * a message over the limit is not routed and its sender gets a {@code THROTTLED} error. Default: no limit.
     * Each connection has its own budget, so one client's flood does not slow the others.
     */
    public Builder messageRateLimit(int messagesPerSecond, int burst) {
      this.messagesPerSecond = messagesPerSecond;
      this.burst = burst;
      return this;
    }

    /**
     * Bytes held for all connections, queued or in unfinished messages (default 256 MiB, at least maxMessageBytes);
     * when spent, frames to others get {@code PEER_BUSY}, new fragmented messages and connections get 1013.
     */
    public Builder maxBufferedBytes(long maxBufferedBytes) {
      this.maxBufferedBytes = maxBufferedBytes;
      return this;
    }

    /**
     * How many connections may be open at once (default {@value #DEFAULT_MAX_CONNECTIONS}); one more is closed
     * with 1013 "try again later" as it opens.
     */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * How many accepted sockets may be still in their WebSocket handshake at once (default
     * {@value #DEFAULT_MAX_PENDING_HANDSHAKES}); past that the oldest are closed, so that sockets which never
     * finish cannot keep real clients out.
     */
    public Builder maxPendingHandshakes(int maxPendingHandshakes) {
      this.maxPendingHandshakes = maxPendingHandshakes;
      return this;
    }

    /** How long a socket may take to finish the WebSocket handshake before it is closed (default 10 s). */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout == null");
      return this;
    }

    /**
     * Serves {@code wss://}: TLS 1.2 or 1.3 with the key and certificate chain of {@code serverContext}'s key
     * managers, as API Gateway serves only {@code wss://}. Default: plain {@code ws://}. The TLS handshake runs on
     * the relay's selector thread and is bounded by {@link #handshakeTimeout} with the WebSocket handshake; a TLS
     * connection holds about 50 KB of buffers more than a plain one.
     */
    public Builder tls(SSLContext serverContext) {
      this.tls = Objects.requireNonNull(serverContext, "serverContext == null");
      return this;
    }

    /**
     * What handles the connections' events; default a {@link dev.monologue.relay.core.Router}. The factory is
     * called once, by {@link #build()}, with the connections the backend sends through.
     */
    public Builder backend(Function<RelayConnections, RelayBackend> backendFactory) {
      this.backendFactory = Objects.requireNonNull(backendFactory, "backendFactory == null");
      return this;
    }

    /** A relay with these options, not started yet. */
    public LocalRelay build() {
      return new LocalRelay(new RelayOptions(host, port, apiKeys, maxMessageBytes, backendFactory, idleTimeout,
          maxConnectionDuration, maxQueuedBytesPerConnection, messagesPerSecond, burst, maxConnections,
          maxPendingHandshakes, handshakeTimeout, tls, newConnectionsPerSecond, policy, nameLease, maxBufferedBytes,
          ioThreads));
    }
  }
}
