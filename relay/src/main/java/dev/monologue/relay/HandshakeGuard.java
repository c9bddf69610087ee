package dev.monologue.relay;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntSupplier;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;

/**
 * Sockets accepted whose WebSocket handshake has not finished, bounded in time and in number: one past the deadline
 * is closed, and past the cap the oldest are closed first. A real client finishes its handshake within
 * milliseconds, so sockets that never do (a flood, a slow-loris) cannot keep it out: they are always the oldest.
 */
final class HandshakeGuard {
  private record Pending(WebSocketImpl socket, long acceptedAt) {}

  private final Set<WebSocketImpl> pending = ConcurrentHashMap.newKeySet();
  /** In order of acceptance; entries of finished handshakes are dropped when they reach the head. */
  private final ConcurrentLinkedQueue<Pending> order = new ConcurrentLinkedQueue<>();
  private final long deadlineNanos;
  private final IntSupplier cap;

  /** {@code cap} is asked each time: how many unfinished handshakes may stay open now. */
  HandshakeGuard(long deadlineNanos, IntSupplier cap) {
    this.deadlineNanos = deadlineNanos;
    this.cap = cap;
  }

  void accepted(WebSocketImpl socket, long nowNanos) {
    pending.add(socket);
    order.add(new Pending(socket, nowNanos));
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
    int closed = 0;
    int allowed = Math.max(0, cap.getAsInt());
    for (Pending p = order.peek(); p != null; p = order.peek()) {
      if (!pending.contains(p.socket())) {
        order.remove(p);
        continue;
      }
      if (pending.size() <= allowed && nowNanos - p.acceptedAt() < deadlineNanos) {
        break;
      }
      order.remove(p);
      if (pending.remove(p.socket())) {
        // No close handshake is possible: the WebSocket never opened.
        p.socket().closeConnection(CloseFrame.NEVER_CONNECTED, "handshake not finished in time");
        closed++;
      }
    }
    return closed;
  }
}
