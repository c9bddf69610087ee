package dev.monologue.relay;

import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer tick over every open connection, as API Gateway enforces its limits: closes the connections that were
 * idle or open too long (1001), cuts off a client that did not answer the relay's close within a grace period, and
 * closes handshakes that take too long. Runs on the front's timer thread.
 */
final class ConnectionSweep {
  private static final Logger log = LoggerFactory.getLogger(ConnectionSweep.class);
  /** API Gateway closes idle and expired connections with 1001, and these reasons. */
  static final String IDLE_REASON = "idle timeout";
  static final String EXPIRED_REASON = "connection duration exceeded";
  /** How long a client asked to close may take to answer before its socket is closed without it. */
  private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** Asks a connection to close with a close frame, and notes when ({@code WebSocketFront.requestClose}). */
  interface Closer {
    void requestClose(ClientConnection c, int code, String reason, long nowNanos);
  }

  private final ConnectionLimits limits;
  private final HandshakeGuard handshakes;
  private final Closer closer;

  ConnectionSweep(ConnectionLimits limits, HandshakeGuard handshakes, Closer closer) {
    this.limits = limits;
    this.handshakes = handshakes;
    this.closer = closer;
  }

  void run(long now, Iterable<ClientConnection> open) {
    handshakes.enforce(now);
    long idleNanos = limits.idleTimeout().toNanos();
    long maxAgeNanos = limits.maxConnectionDuration().toNanos();
    for (ClientConnection c : open) {
      try {
        c.account(); // gives back what was written since the last send to it
        long closeRequested = c.closeRequestedAt;
        if (closeRequested != 0) {
          if (now - closeRequested > CLOSE_GRACE_NANOS) {
            log.debug("Connection {} did not answer its close; closing its socket", c.id);
            c.socket.closeConnection(CloseFrame.GOING_AWAY, "close not answered");
          }
        } else if (now - c.openedAt >= maxAgeNanos) {
          log.debug("Connection {} reached the maximum connection duration", c.id);
          closer.requestClose(c, CloseFrame.GOING_AWAY, EXPIRED_REASON, now);
        } else if (now - c.lastMessageAt >= idleNanos) {
          log.debug("Connection {} idle for {} ms", c.id, TimeUnit.NANOSECONDS.toMillis(now - c.lastMessageAt));
          closer.requestClose(c, CloseFrame.GOING_AWAY, IDLE_REASON, now);
        }
      } catch (RuntimeException e) {
        log.warn("Could not close connection {}", c.id, e); // keep sweeping the others
      }
    }
  }
}
