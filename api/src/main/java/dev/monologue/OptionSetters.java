package dev.monologue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * The setters of {@link MonologueOptions.Builder}, its only subclass, apart from the options they set: each checks
 * its value as it is set ({@link OptionChecks}) and notes that it was set, for {@link OptionsResolver}.
 */
abstract class OptionSetters {
  final OptionValues values;

  OptionSetters(OptionValues values) {
    this.values = values;
  }

  private MonologueOptions.Builder self() {
    return (MonologueOptions.Builder) this;
  }

  /** Notes that the setter of {@code option} was called; returns this builder. */
  private MonologueOptions.Builder set(String option) {
    values.markSet(option);
    return self();
  }

  /** The relay's {@code ws://} or {@code wss://} URI. */
  public MonologueOptions.Builder endpoint(URI endpoint) {
    values.endpoint = OptionChecks.endpoint(endpoint);
    return set("endpoint");
  }

  /** The relay's {@code ws://} or {@code wss://} URI, as a string. */
  public MonologueOptions.Builder endpoint(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    return endpoint(URI.create(endpoint));
  }

  /** The API key sent in the {@code x-api-key} header of the handshake. */
  public MonologueOptions.Builder apiKey(String apiKey) {
    values.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
    return set("apiKey");
  }

  /** How long a call waits for its reply by default. */
  public MonologueOptions.Builder timeout(Duration timeout) {
    values.timeout = OptionChecks.positive(timeout, "timeout");
    return set("timeout");
  }

  /** How long connecting, handshake and {@code whoami} included, may take. */
  public MonologueOptions.Builder connectTimeout(Duration connectTimeout) {
    values.connectTimeout = OptionChecks.positive(connectTimeout, "connectTimeout");
    return set("connectTimeout");
  }

  /** How many handler threads serve incoming calls when no executor is given. */
  public MonologueOptions.Builder listeners(int listeners) {
    values.listeners = OptionChecks.atLeast(listeners, 1, "listeners");
    return set("listeners");
  }

  /** The Jackson mapper that encodes arguments and results. */
  public MonologueOptions.Builder objectMapper(ObjectMapper objectMapper) {
    values.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper == null");
    return set("objectMapper");
  }

  /** Where handlers of incoming calls run, instead of the client's own threads. */
  public MonologueOptions.Builder handlerExecutor(Executor handlerExecutor) {
    values.handlerExecutor = Objects.requireNonNull(handlerExecutor, "handlerExecutor == null");
    return set("handlerExecutor");
  }

  /** See {@link MonologueOptions#reconnectPolicy()}; {@link ReconnectPolicy#disabled()} turns it off. */
  public MonologueOptions.Builder reconnectPolicy(ReconnectPolicy reconnectPolicy) {
    values.reconnectPolicy = Objects.requireNonNull(reconnectPolicy, "reconnectPolicy == null");
    return set("reconnectPolicy");
  }

  /** Adds a listener told of drops and reconnects; see {@link ConnectionListener}. */
  public MonologueOptions.Builder connectionListener(ConnectionListener listener) {
    values.connectionListeners.add(Objects.requireNonNull(listener, "listener == null"));
    return self();
  }

  /** Adds an interceptor of this client's calls, run after those added before; see {@link ClientInterceptor}. */
  public MonologueOptions.Builder clientInterceptor(ClientInterceptor interceptor) {
    values.clientInterceptors.add(Objects.requireNonNull(interceptor, "interceptor == null"));
    return self();
  }

  /** Adds an interceptor of the calls this machine serves, run after those added before. */
  public MonologueOptions.Builder serverInterceptor(ServerInterceptor interceptor) {
    values.serverInterceptors.add(Objects.requireNonNull(interceptor, "interceptor == null"));
    return self();
  }

  /** See {@link MonologueOptions#keepAliveInterval()}; {@link Duration#ZERO} turns keep-alive off. */
  public MonologueOptions.Builder keepAliveInterval(Duration keepAliveInterval) {
    values.keepAliveInterval = OptionChecks.notNegative(keepAliveInterval, "keepAliveInterval");
    return set("keepAliveInterval");
  }

  /** See {@link MonologueOptions#maxConnectionAge()}; {@link Duration#ZERO} never replaces a connection. */
  public MonologueOptions.Builder maxConnectionAge(Duration maxConnectionAge) {
    values.maxConnectionAge = OptionChecks.notNegative(maxConnectionAge, "maxConnectionAge");
    return set("maxConnectionAge");
  }

  /** See {@link MonologueOptions#probeInterval()}; {@link Duration#ZERO} turns probes off. */
  public MonologueOptions.Builder probeInterval(Duration probeInterval) {
    values.probeInterval = OptionChecks.notNegative(probeInterval, "probeInterval");
    return set("probeInterval");
  }

  /** See {@link MonologueOptions#failFastWhileDisconnected()}. */
  public MonologueOptions.Builder failFastWhileDisconnected(boolean failFast) {
    values.failFastWhileDisconnected = failFast;
    return set("failFastWhileDisconnected");
  }

  /** See {@link MonologueOptions#maxCallsInFlight()}. */
  public MonologueOptions.Builder maxCallsInFlight(int maxCallsInFlight) {
    values.maxCallsInFlight = OptionChecks.atLeast(maxCallsInFlight, 1, "maxCallsInFlight");
    return set("maxCallsInFlight");
  }

  /** See {@link MonologueOptions#waitForCallSlot()}. */
  public MonologueOptions.Builder waitForCallSlot(boolean waitForCallSlot) {
    values.waitForCallSlot = waitForCallSlot;
    return set("waitForCallSlot");
  }

  /** See {@link MonologueOptions#maxQueuedHandlerCalls()}. */
  public MonologueOptions.Builder maxQueuedHandlerCalls(int maxQueuedHandlerCalls) {
    values.maxQueuedHandlerCalls = OptionChecks.atLeast(maxQueuedHandlerCalls, 1, "maxQueuedHandlerCalls");
    return set("maxQueuedHandlerCalls");
  }

  /** See {@link MonologueOptions#maxMessageBytes()}; set it to the relay's limit. */
  public MonologueOptions.Builder maxMessageBytes(int maxMessageBytes) {
    values.maxMessageBytes = OptionChecks.atLeast(maxMessageBytes, 1024, "maxMessageBytes");
    return set("maxMessageBytes");
  }

  /**
   * Adds names claimed on every connection before the client reports it connected; the first connect fails with
   * {@link NameTakenException} if another machine holds one; one taken over later is given up, with a warning.
   */
  public MonologueOptions.Builder names(String... names) {
    OptionChecks.addNames(values.names, names, "names", "name");
    return self();
  }

  /** Adds groups joined on every connection before the client reports it connected. */
  public MonologueOptions.Builder groups(String... groups) {
    OptionChecks.addNames(values.groups, groups, "groups", "group");
    return self();
  }

  /** See {@link MonologueOptions#generatedClasses()}; false binds every service through the dynamic proxy. */
  public MonologueOptions.Builder generatedClasses(boolean generatedClasses) {
    values.generatedClasses = generatedClasses;
    return set("generatedClasses");
  }

  /**
   * Trusts the relay's certificate through {@code sslContext} (its trust managers; for a private certificate
   * authority, such as the AWS stand-in's) instead of the JVM's default trust store. The certificate must still
   * be issued for the endpoint's host: a mismatch fails the connection.
   */
  public MonologueOptions.Builder sslContext(SSLContext sslContext) {
    values.sslContext = Objects.requireNonNull(sslContext, "sslContext == null");
    return set("sslContext");
  }

  /**
   * See {@link MonologueOptions#ownerSecret()}: 16 to 256 characters, kept by this machine across restarts and
   * never logged; the relay keeps only its SHA-256.
   */
  public MonologueOptions.Builder ownerSecret(String ownerSecret) {
    values.ownerSecret = OptionChecks.ownerSecret(ownerSecret);
    return set("ownerSecret");
  }

  /** See {@link MonologueOptions#ownerSecretFile()}. */
  public MonologueOptions.Builder ownerSecretFile(java.nio.file.Path ownerSecretFile) {
    values.ownerSecretFile = Objects.requireNonNull(ownerSecretFile, "ownerSecretFile == null");
    return set("ownerSecretFile");
  }

  /**
   * Tells {@code metrics} how each call ends and of each reconnect, and binds it to the client's live counts; the
   * {@code monologue-micrometer} module's {@code MonologueMetrics} is one. One client per instance.
   */
  public MonologueOptions.Builder metrics(ClientMetrics metrics) {
    values.metrics = Objects.requireNonNull(metrics, "metrics == null");
    return self();
  }
}
