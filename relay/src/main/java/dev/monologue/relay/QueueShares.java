package dev.monologue.relay;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Who holds how much of one connection's outbound queue: the bytes each sending connection has queued to it and
 * not yet written. With it {@link OutboundAdmission} keeps one sender from taking a slow reader's whole queue, so
 * that its other callers still get through. Guarded by the owning {@link ClientConnection}.
 */
final class QueueShares {
  /** A frame from {@code sender} of {@code bytes}, written once the connection's written count reaches {@code end}. */
  private record Held(String sender, long bytes, long end) {}

  private final ArrayDeque<Held> order = new ArrayDeque<>();
  private final Map<String, Long> bySender = new HashMap<>(4);

  void add(String sender, long bytes, long end) {
    order.add(new Held(sender, bytes, end));
    bySender.merge(sender, bytes, Long::sum);
  }

  /** Forgets the frames written now that the connection has written {@code written} bytes in all. */
  void drained(long written) {
    while (!order.isEmpty() && order.peek().end() <= written) {
      Held h = order.poll();
      bySender.computeIfPresent(h.sender(), (k, v) -> v - h.bytes() > 0 ? v - h.bytes() : null);
    }
  }

  /** Everything goes: the connection closed. */
  void clear() {
    order.clear();
    bySender.clear();
  }

  long heldBy(String sender) {
    return bySender.getOrDefault(sender, 0L);
  }

  /** How many senders other than {@code sender} hold part of the queue. */
  int othersThan(String sender) {
    return bySender.size() - (bySender.containsKey(sender) ? 1 : 0);
  }
}
