package dev.monologue.relay;

import dev.monologue.relay.core.ApiKeyIds;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.wire.Limits;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A {@link LocalRelay.Builder}'s options, checked together: each value in its range, and the ones that depend on
 * each other consistent. See the builder's methods for what each means.
 *
 * @param backendFactory null for the default backend
 * @param tls the server's TLS context, or null for plain WebSocket
 */
record RelayOptions(
    String host,
    int port,
    Set<String> apiKeys,
    int maxMessageBytes,
    Function<RelayConnections, RelayBackend> backendFactory,
    Duration idleTimeout,
    Duration maxConnectionDuration,
    long maxQueuedBytesPerConnection,
    int messagesPerSecond,
    int burst,
    int maxConnections,
    int maxPendingHandshakes,
    Duration handshakeTimeout,
    SSLContext tls,
    int newConnectionsPerSecond,
    RelayPolicy policy,
    Duration nameLease,
    long maxBufferedBytes,
    int ioThreads) {

  RelayOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (0 = any free port), was " + port);
    }
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
    }
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(maxConnectionDuration, "maxConnectionDuration");
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(nameLease, "nameLease");
    if (maxConnections <= 0 || maxPendingHandshakes <= 0) {
      throw new IllegalArgumentException("maxConnections and maxPendingHandshakes must be positive, were "
          + maxConnections + " and " + maxPendingHandshakes);
    }
    if (maxQueuedBytesPerConnection <= 0 || maxBufferedBytes < maxMessageBytes) {
      throw new IllegalArgumentException("need maxQueuedBytesPerConnection > 0, maxBufferedBytes >= maxMessageBytes"
          + " (" + maxMessageBytes + "); were " + maxQueuedBytesPerConnection + " and " + maxBufferedBytes);
    }
    if (messagesPerSecond < 0 || burst < 0 || (messagesPerSecond == 0) != (burst == 0)) {
      throw new IllegalArgumentException("messageRateLimit needs a positive rate and a positive burst, was "
          + messagesPerSecond + " per second, burst " + burst);
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is blank; use 127.0.0.1 for this machine only");
    }
    for (String key : apiKeys) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("API keys must not be empty");
      }
    }
    Set<String> ids = new HashSet<>();
    apiKeys.forEach(k -> ids.add(ApiKeyIds.of(k)));
    for (String key : policy.listedKeys()) {
      if (!ids.contains(key)) {
        throw new IllegalArgumentException("the policy lists a key that is not one of this relay's API keys;"
            + " list only keys given to apiKeys()");
      }
    }
  }

  /** The limits the front enforces on each connection and on all of them together. */
  ConnectionLimits limits() {
    return new ConnectionLimits(maxMessageBytes, Limits.MAX_FRAME_BYTES, idleTimeout, maxConnectionDuration,
        maxQueuedBytesPerConnection, messagesPerSecond, burst, maxConnections, maxPendingHandshakes, handshakeTimeout,
        maxBufferedBytes);
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
