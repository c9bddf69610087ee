package dev.monologue.relay;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.monologue.wire.WarningBudget;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sockets accepted whose WebSocket handshake has not finished, bounded in time and in number: one past the deadline
 * is closed, and past the cap the oldest are closed first. A real client finishes its handshake within
 * milliseconds, so sockets that never do (a flood, a slow-loris) cannot keep it out: they are always the oldest.
 */
final class HandshakeGuard {
  private static final Logger log = LoggerFactory.getLogger(HandshakeGuard.class);
  private record Pending(WebSocketImpl socket, long acceptedAt) {}

  private final Set<WebSocketImpl> pending = ConcurrentHashMap.newKeySet();
  /** In order of acceptance; entries of finished handshakes are dropped when they reach the head. */
  private final ConcurrentLinkedQueue<Pending> order = new ConcurrentLinkedQueue<>();
  private final Duration deadline;
  private final long deadlineNanos;
  private final int cap;
  /** Set while an enforcement is queued on the timer thread, so that a flood queues one. */
  private final AtomicBoolean enforcing = new AtomicBoolean();
  /** A flood of sockets must not write a line each: at most one warning about them every 10 s. */
  private final WarningBudget warnings = new WarningBudget(TimeUnit.SECONDS.toNanos(10));

  HandshakeGuard(Duration deadline, int cap) {
    this.deadline = deadline;
    this.deadlineNanos = deadline.toNanos();
    this.cap = cap;
  }

  /**
   * A socket was accepted (on the selector thread): its handshake is pending. Past the cap, the oldest are closed
   * on {@code timers} (the socket's channel is set only after this returns).
   */
  void accepted(WebSocketImpl socket, Executor timers) {
    pending.add(socket);
    order.add(new Pending(socket, System.nanoTime()));
    if (pending.size() > cap && enforcing.compareAndSet(false, true)) {
      try {
        timers.execute(() -> enforce(System.nanoTime()));
      } catch (RejectedExecutionException e) {
        enforcing.set(false); // stopping
      }
    }
  }

  /** The handshake of {@code socket} ended: it opened, was refused, or the socket closed. */
  void finished(WebSocketImpl socket) {
    pending.remove(socket);
  }

  int count() {
    return pending.size();
  }

  /** Closes the oldest unfinished handshakes while there are more than the cap or they are past the deadline. */
  int enforce(long nowNanos) {
    enforcing.set(false);
    int closed = 0;
    for (Pending p = order.peek(); p != null; p = order.peek()) {
      if (!pending.contains(p.socket())) {
        order.remove(p);
        continue;
      }
      if (pending.size() <= cap && nowNanos - p.acceptedAt() < deadlineNanos) {
        break;
      }
      order.remove(p);
      if (pending.remove(p.socket())) {
        // No close handshake is possible: the WebSocket never opened.
        p.socket().closeConnection(CloseFrame.NEVER_CONNECTED, "handshake not finished in time");
        closed++;
      }
    }
    if (closed > 0 && warnings.tryLog()) {
      log.warn("Closed {} sockets that had not finished the WebSocket handshake within {} ms or were the oldest"
          + " of more than {} unfinished ones ({} such lines suppressed)", closed, deadline.toMillis(), cap,
          warnings.takeSuppressed());
    }
    return closed;
  }
}
