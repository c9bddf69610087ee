package dev.monologue.relay;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a WebSocket handshake may open a connection: over the new-connection rate it is refused with 429,
 * without the right API key with 403, as API Gateway answers them. A refused socket is marked so that the front
 * closes it once the answer is written ({@link #isRefused}), without telling its backend.
 */
final class HandshakeAdmission {
  private static final Logger log = LoggerFactory.getLogger(HandshakeAdmission.class);
  /** Attachment of a connection whose handshake was refused; it is closed as it opens. */
  private static final Object REFUSED = new Object();

  private final ApiKeyCheck apiKeys;
  /** New connections a second, all clients together (API Gateway's account limit), or null for no limit. */
  private final TokenBucket newConnections;
  private final AtomicLong throttled = new AtomicLong();
  /** Counts each refusal by its reason, for the relay's metrics. */
  private final RelayCounters counters;

  /**
   * @param newConnectionsPerSecond handshakes a second past which one is refused with 429; 0 for no limit
   * @param counters told of each refusal
   */
  HandshakeAdmission(Collection<String> apiKeys, int newConnectionsPerSecond, RelayCounters counters) {
    this.apiKeys = new ApiKeyCheck(apiKeys);
    this.counters = counters;
    this.newConnections = newConnectionsPerSecond > 0
        ? new TokenBucket(newConnectionsPerSecond, newConnectionsPerSecond, System.nanoTime()) : null;
  }

  /** {@code accepted} if {@code request} may open, else a response that refuses it (and {@code conn} marked). */
  ServerHandshakeBuilder answer(WebSocket conn, ClientHandshake request, ServerHandshakeBuilder accepted) {
    if (newConnections != null && !newConnections.tryTake(System.nanoTime())) {
      throttled.incrementAndGet();
      counters.refused(RelayCounters.Refusal.CONNECTION_RATE);
      return refuse(conn, 429, "Too Many Requests: over the limit of new connections per second");
    }
    String key = request.getFieldValue(ApiKeyCheck.API_KEY_HEADER); // "" when absent
    String problem = apiKeys.problem(key);
    if (problem == null) {
      return accepted;
    }
    counters.refused(key.isEmpty() ? RelayCounters.Refusal.MISSING_API_KEY : RelayCounters.Refusal.WRONG_API_KEY);
    return refuse(conn, 403, problem);
  }

  static boolean isRefused(WebSocket conn) {
    return conn.getAttachment() == REFUSED;
  }

  /** How many handshakes were refused with 429 over the new-connection rate. */
  long throttled() {
    return throttled.get();
  }

  /** The handshake's header fields, names in lower case, as the backend gets them. */
  static Map<String, String> headers(ClientHandshake handshake) {
    Map<String, String> headers = new HashMap<>();
    for (Iterator<String> it = handshake.iterateHttpFields(); it.hasNext(); ) {
      String name = it.next();
      headers.put(name.toLowerCase(Locale.ROOT), handshake.getFieldValue(name));
    }
    return Map.copyOf(headers);
  }

  private static ServerHandshakeBuilder refuse(WebSocket conn, int status, String message) {
    log.info("Refused a connection from {}: {}", conn.getRemoteSocketAddress(), message);
    conn.setAttachment(REFUSED);
    HandshakeImpl1Server response = new HandshakeImpl1Server();
    response.setHttpStatus((short) status);
    response.setHttpStatusMessage(message);
    return response;
  }
}
