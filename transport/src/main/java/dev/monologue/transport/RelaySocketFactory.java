package dev.monologue.transport;

import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Makes the socket of each new connection to the relay. The client gets one at construction: the WebSocket one
 * ({@link #webSocket}) in production, an in-memory one in tests and fuzzers.
 */
@FunctionalInterface
interface RelaySocketFactory {
  /** A socket, not yet connected, that tells {@code listener} what happens to it. */
  RelaySocket open(RelaySocket.Listener listener);

  /**
   * Sockets over Java-WebSocket to {@code endpoint}, sending {@code apiKey} (may be null) at the handshake; a
   * frame or message from the relay over {@code maxIncomingBytes} closes the connection (1009). A {@code wss://}
   * endpoint's certificate is checked with {@code tls}'s trust managers (null: the JVM's default).
   */
  static RelaySocketFactory webSocket(URI endpoint, String apiKey, Duration connectTimeout, int maxIncomingBytes,
      SSLContext tls) {
    return listener -> new WebSocketRelaySocket(endpoint, apiKey, connectTimeout, maxIncomingBytes, tls, listener);
  }
}
