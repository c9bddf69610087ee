package dev.monologue.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's overall memory budget for what peers can make it hold: bytes queued unsent to connections and the
 * fragments of messages not yet whole. Each connection is bounded on its own too; this bounds their sum, so that
 * many connections, each within its own bound, cannot together exhaust the heap. When it is spent, new work is
 * refused (a frame to a peer, a new fragmented message, a new connection) and what is held drains as before.
 *
 * <p>Any thread. Outbound bytes are added as they are queued and given back within one sweep of being written
 * ({@link ClientConnection#account}), so the figure may run ahead of the truth, never behind it.
 */
final class BufferBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  BufferBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("the buffer budget must be positive, was " + limit);
    }
    this.limit = limit;
  }

  /** A budget that never runs out: for parts used alone, such as the frame rules in their own tests. */
  static BufferBudget unlimited() {
    return new BufferBudget(Long.MAX_VALUE);
  }

  long limit() {
    return limit;
  }

  long used() {
    return used.get();
  }

  /** Whether {@code bytes} more would go over the budget. */
  boolean wouldExceed(long bytes) {
    return used.get() > limit - bytes;
  }

  /** Takes {@code bytes} if they fit, and says whether they did. */
  boolean tryTake(long bytes) {
    for (long u = used.get(); ; u = used.get()) {
      if (u > limit - bytes) {
        return false;
      }
      if (used.compareAndSet(u, u + bytes)) {
        return true;
      }
    }
  }

  /** Adds {@code bytes} (negative: gives them back) whatever the limit: for bytes already held. */
  void add(long bytes) {
    if (bytes != 0) {
      used.addAndGet(bytes);
    }
  }
}
