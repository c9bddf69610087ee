package dev.monologue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * The values of {@link MonologueOptions}, with their defaults, and which of them a builder's setter set: what a
 * {@link MonologueOptions.Builder} fills in and the options keep a private copy of, never handed out, never changed.
 * The setters validate (through {@link OptionChecks}); this class only holds, copies and describes.
 */
final class OptionValues {
  URI endpoint;
  String apiKey;
  /** Null: {@link MonologueOptions#DEFAULT_TIMEOUT}. */
  Duration timeout;
  /** Null: {@link #timeout()}. */
  Duration connectTimeout;
  /** Null: {@link MonologueOptions#DEFAULT_LISTENERS}. */
  Integer listeners;
  ObjectMapper objectMapper;
  Executor handlerExecutor;
  ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
  final List<ConnectionListener> connectionListeners = new ArrayList<>();
  final List<ClientInterceptor> clientInterceptors = new ArrayList<>();
  final List<ServerInterceptor> serverInterceptors = new ArrayList<>();
  Duration keepAliveInterval = MonologueOptions.DEFAULT_KEEP_ALIVE_INTERVAL;
  Duration maxConnectionAge = MonologueOptions.DEFAULT_MAX_CONNECTION_AGE;
  Duration probeInterval = MonologueOptions.DEFAULT_PROBE_INTERVAL;
  boolean failFastWhileDisconnected;
  int maxCallsInFlight = MonologueOptions.DEFAULT_MAX_CALLS_IN_FLIGHT;
  boolean waitForCallSlot;
  int maxQueuedHandlerCalls = MonologueOptions.DEFAULT_MAX_QUEUED_HANDLER_CALLS;
  int maxMessageBytes = MonologueOptions.DEFAULT_MAX_MESSAGE_BYTES;
  final Set<String> names = new LinkedHashSet<>();
  final Set<String> groups = new LinkedHashSet<>();
  boolean generatedClasses = true;
  SSLContext sslContext;
  String ownerSecret;
  Path ownerSecretFile;
  ClientMetrics metrics;
  /** The options whose builder setter was called, by name. */
  private final Set<String> setExplicitly = new HashSet<>();

  /** Nothing set: every value its default. */
  OptionValues() {}

  /** A copy of {@code v}, its lists and sets copied too. */
  OptionValues(OptionValues v) {
    endpoint = v.endpoint;
    apiKey = v.apiKey;
    timeout = v.timeout;
    connectTimeout = v.connectTimeout;
    listeners = v.listeners;
    objectMapper = v.objectMapper;
    handlerExecutor = v.handlerExecutor;
    reconnectPolicy = v.reconnectPolicy;
    connectionListeners.addAll(v.connectionListeners);
    clientInterceptors.addAll(v.clientInterceptors);
    serverInterceptors.addAll(v.serverInterceptors);
    keepAliveInterval = v.keepAliveInterval;
    maxConnectionAge = v.maxConnectionAge;
    probeInterval = v.probeInterval;
    failFastWhileDisconnected = v.failFastWhileDisconnected;
    maxCallsInFlight = v.maxCallsInFlight;
    waitForCallSlot = v.waitForCallSlot;
    maxQueuedHandlerCalls = v.maxQueuedHandlerCalls;
    maxMessageBytes = v.maxMessageBytes;
    names.addAll(v.names);
    groups.addAll(v.groups);
    generatedClasses = v.generatedClasses;
    sslContext = v.sslContext;
    ownerSecret = v.ownerSecret;
    ownerSecretFile = v.ownerSecretFile;
    metrics = v.metrics;
    setExplicitly.addAll(v.setExplicitly);
  }

  /** Notes that the builder's setter for {@code option} was called. */
  void markSet(String option) {
    setExplicitly.add(option);
  }

  /** Whether the builder's setter for {@code option} was called. */
  boolean isSet(String option) {
    return setExplicitly.contains(option);
  }

  /** The call timeout, its default when not set. */
  Duration timeout() {
    return timeout != null ? timeout : MonologueOptions.DEFAULT_TIMEOUT;
  }

  /** The connect timeout, the call timeout when not set. */
  Duration connectTimeout() {
    return connectTimeout != null ? connectTimeout : timeout();
  }

  /** The most registered methods, its default when not set. */
  int listeners() {
    return listeners != null ? listeners : MonologueOptions.DEFAULT_LISTENERS;
  }

  /** The values for a log line: the API key and the owner secret only as {@code ****}. */
  String describe() {
    return "MonologueOptions{endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "****")
        + ", timeout=" + timeout() + ", listeners=" + listeners() + ", reconnect=" + reconnectPolicy
        + ", keepAliveInterval=" + keepAliveInterval + ", maxConnectionAge=" + maxConnectionAge
        + ", probeInterval=" + probeInterval + ", failFastWhileDisconnected=" + failFastWhileDisconnected
        + ", maxCallsInFlight=" + maxCallsInFlight + ", waitForCallSlot=" + waitForCallSlot
        + ", maxQueuedHandlerCalls=" + maxQueuedHandlerCalls + ", maxMessageBytes=" + maxMessageBytes
        + ", names=" + names + ", groups=" + groups + ", generatedClasses=" + generatedClasses
        + (sslContext == null ? "" : ", sslContext=" + sslContext.getProtocol())
        + (ownerSecret == null ? "" : ", ownerSecret=****")
        + (ownerSecretFile == null ? "" : ", ownerSecretFile=" + ownerSecretFile) + "}";
  }
}
