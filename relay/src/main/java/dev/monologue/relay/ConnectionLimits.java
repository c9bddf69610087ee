package dev.monologue.relay;

import java.time.Duration;

/**
 * What the socket front enforces on each connection, as API Gateway does.
 *
 * @param maxMessageBytes the largest client message; a bigger one closes its connection (1009)
 * @param maxFrameBytes the largest single frame of a client message; a bigger one closes its connection (1009)
 * @param idleTimeout a connection that sends no message for this long is closed (1001)
 * @param maxConnectionDuration a connection open for this long is closed (1001)
 * @param maxQueuedBytes bytes that may wait unsent to one connection; past it frames from others are refused
 * @param messagesPerSecond each connection's sustained message rate; 0 for no limit
 * @param burst how many messages a connection may send at once over its rate
 * @param maxConnections open connections at most; one more is closed (1013) as it opens
 * @param maxPendingHandshakes sockets accepted whose handshake has not finished; past this the oldest are closed
 * @param handshakeTimeout a socket whose handshake has not finished after this long is closed
 * @param maxBufferedBytes bytes queued to all connections and held in unfinished messages together, at most
 *     ({@link BufferBudget})
 */
record ConnectionLimits(int maxMessageBytes, int maxFrameBytes, Duration idleTimeout,
    Duration maxConnectionDuration, long maxQueuedBytes, int messagesPerSecond, int burst, int maxConnections,
    int maxPendingHandshakes, Duration handshakeTimeout, long maxBufferedBytes) {

  boolean rateLimited() {
    return messagesPerSecond > 0;
  }

  /**
   * How often the timers look at every connection: a tenth of the shortest time limit, between 10 ms and 1 s. A
   * connection is thus closed at most one tick (10% of its limit, or 1 s) late.
   */
  Duration sweepInterval() {
    Duration shorter = idleTimeout.compareTo(maxConnectionDuration) <= 0 ? idleTimeout : maxConnectionDuration;
    shorter = shorter.compareTo(handshakeTimeout) <= 0 ? shorter : handshakeTimeout;
    long millis = Math.max(10, Math.min(1000, shorter.toMillis() / 10));
    return Duration.ofMillis(millis);
  }
}
