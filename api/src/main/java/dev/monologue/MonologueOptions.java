package dev.monologue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.wire.Limits;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * How a {@link Monologue} client connects and behaves. Built with {@link #builder()}; every option left unset is
 * taken from the environment or {@code .monologuerc} by {@link Monologue#create(MonologueOptions)}, then from the
 * defaults.
 */
public final class MonologueOptions {
  /** Default bound on connecting and on each call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
  /** Default maximum number of registered methods. */
  public static final int DEFAULT_LISTENERS = 100;
  /** Default send-idleness after which a keep-alive frame goes out (API Gateway closes after 10 idle minutes). */
  public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofMinutes(5);
  /** Default age at which a connection is replaced (API Gateway ends every connection after 2 hours). */
  public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofMinutes(110);
  /** Default age of a pending call after which its peer is probed for liveness. */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
  /** Default bound on calls awaiting replies. */
  public static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 10_000;
  /** Default bound on incoming calls queued for the handler pool this client owns. */
  public static final int DEFAULT_MAX_QUEUED_HANDLER_CALLS = 10_000;
  /** Default largest frame, in UTF-8 bytes: API Gateway's limit for one WebSocket message (128 KB). */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = Limits.MAX_MESSAGE_BYTES;

  /** A private copy of the values of the builder that built these options: never handed out, never changed. */
  private final OptionValues values;

  private MonologueOptions(OptionValues values) {
    this.values = new OptionValues(values);
  }

  /** A builder with nothing set: what is left unset comes from the environment, rc files and defaults. */
  public static Builder builder() {
    return new Builder(new OptionValues());
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(new OptionValues(values));
  }

  /** The relay's WebSocket URI ({@code ws://} or {@code wss://}), or null when not set yet. */
  public URI endpoint() {
    return values.endpoint;
  }

  /**
   * The TLS context a {@code wss://} connection trusts the relay's certificate through, or null for the JVM's
   * default (its trust store, {@code javax.net.ssl.trustStore} if set). The relay's host name is checked either way.
   */
  public SSLContext sslContext() {
    return values.sslContext;
  }

  /** The API key sent in the {@code x-api-key} header, or null for none. */
  public String apiKey() {
    return values.apiKey;
  }

  /**
   * The secret that makes this machine the owner of the names it claims, or null when not set: a machine that
   * claims with the same secret again (after a restart, from a new connection) gets its names back at once, and
   * nobody else can take them unless the relay's policy lets their API key take names over. When neither this nor
   * {@link #ownerSecretFile()} is set, the client keeps a generated one in {@code ~/.monologue/owner-secret}.
   */
  public String ownerSecret() {
    return values.ownerSecret;
  }

  /**
   * Where the client keeps its generated owner secret (created on the first claim, readable by its owner only),
   * or null for {@code ~/.monologue/owner-secret}; unused when {@link #ownerSecret()} is set.
   */
  public java.nio.file.Path ownerSecretFile() {
    return values.ownerSecretFile;
  }

  /** Bounds each call, and connecting unless {@link #connectTimeout()} is set. */
  public Duration timeout() {
    return values.timeout();
  }

  /**
   * Bounds connecting (the handshake and the relay telling this machine its ID); {@link #timeout()} when not set. Set
   * it when calls need a short timeout but the relay may take longer to accept a connection.
   */
  public Duration connectTimeout() {
    return values.connectTimeout();
  }

  /** Maximum number of registered methods; one more is an {@link IllegalStateException}. */
  public int listeners() {
    return values.listeners();
  }

  /** The mapper that encodes arguments and results; {@link MonologueJson#newMapper()} when not set. */
  public ObjectMapper objectMapper() {
    return values.objectMapper;
  }

  /** Where handlers run; a small pool owned by the client when not set (the client never shuts down yours). */
  public Executor handlerExecutor() {
    return values.handlerExecutor;
  }

  /** How the client reconnects after a drop; {@link ReconnectPolicy#defaults()} unless set. */
  public ReconnectPolicy reconnectPolicy() {
    return values.reconnectPolicy;
  }

  /** Listeners told of drops and reconnects from the first connection on. */
  public List<ConnectionListener> connectionListeners() {
    return Collections.unmodifiableList(values.connectionListeners);
  }

  /** The interceptors of this client's calls, in order; see {@link ClientInterceptor}. */
  public List<ClientInterceptor> clientInterceptors() {
    return Collections.unmodifiableList(values.clientInterceptors);
  }

  /** The interceptors of the calls this machine serves, in order; see {@link ServerInterceptor}. */
  public List<ServerInterceptor> serverInterceptors() {
    return Collections.unmodifiableList(values.serverInterceptors);
  }

  /**
   * After this long without sending, the client sends a keep-alive frame (a {@code keepalive} the relay answers; on
   * AWS API Gateway answers it itself), so that API Gateway's 10-minute idle timeout never ends a quiet connection; a
   * connection whose answer does not come back within {@link #timeout()} is treated as dropped. {@link Duration#ZERO}: off. Default 5 minutes.
   */
  public Duration keepAliveInterval() {
    return values.keepAliveInterval;
  }

  /**
   * At this age a connection is replaced by a fresh one, ahead of API Gateway's 2-hour limit: new calls go out on
   * the new connection while the old one finishes its pending calls. {@link Duration#ZERO}: never. Default 1 h 50 min.
   */
  public Duration maxConnectionAge() {
    return values.maxConnectionAge;
  }

  /**
   * A peer with calls pending longer than this is probed ({@code PING}); when the relay says it is gone, every
   * call to it fails at once with {@link PeerGoneException}. {@link Duration#ZERO}: no probes. Default 1 s.
   */
  public Duration probeInterval() {
    return values.probeInterval;
  }

  /** Whether a call made while reconnecting fails at once ({@link NotConnectedException}) instead of waiting. */
  public boolean failFastWhileDisconnected() {
    return values.failFastWhileDisconnected;
  }

  /** The most calls awaiting replies at once; one more fails with {@link TooManyCallsException}. Default 10,000. */
  public int maxCallsInFlight() {
    return values.maxCallsInFlight;
  }

  /** Whether a call past {@link #maxCallsInFlight()} blocks, within its timeout, for a slot instead of failing. */
  public boolean waitForCallSlot() {
    return values.waitForCallSlot;
  }

  /**
   * The most incoming calls queued for the client's own handler pool; past it a call is answered at once with
   * the error code {@code OVERLOADED}. Not used with {@link #handlerExecutor()}. Default 10,000.
   */
  public int maxQueuedHandlerCalls() {
    return values.maxQueuedHandlerCalls;
  }

  /** The largest frame the relay accepts, in UTF-8 bytes (131072); larger fail with MessageTooLargeException. */
  public int maxMessageBytes() {
    return values.maxMessageBytes;
  }

  /** Names claimed on every connection before it counts as connected (see {@link Builder#names}). */
  public Set<String> names() {
    return Collections.unmodifiableSet(values.names);
  }

  /** Groups joined on every connection before it counts as connected. */
  public Set<String> groups() {
    return Collections.unmodifiableSet(values.groups);
  }

  /**
   * Whether stubs and skeletons use the classes the annotation processor generated, where it ran. False binds every
   * service through the dynamic proxy and the reflective skeleton, as a program compiled without the processor: to
   * check that a program behaves alike either way, or to bypass generated classes older than their interface. Both
   * send and serve the same frames, so the two ends of a call may choose differently. Default true.
   */
  public boolean generatedClasses() {
    return values.generatedClasses;
  }

  /** What hears how calls end and reconnects, for metrics ({@link Builder#metrics}), or null for nothing. */
  public ClientMetrics metrics() {
    return values.metrics;
  }

  /** Whether the builder's setter for {@code option} (its name, such as {@code "keepAliveInterval"}) was called. */
  boolean isSet(String option) {
    return values.isSet(option);
  }

  @Override
  public String toString() {
    return values.describe();
  }

  /** Builds {@link MonologueOptions}; validates each value as it is set. */
  // its setters are in OptionSetters, so that this file holds the options and what each means
  public static final class Builder extends OptionSetters {
    private Builder(OptionValues values) {
      super(values);
    }

    /** The options; throws {@code IllegalArgumentException} naming an option that does not fit the others. */
    public MonologueOptions build() {
      return new MonologueOptions(values);
    }
  }
}
