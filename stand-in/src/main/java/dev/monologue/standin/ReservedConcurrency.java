package dev.monologue.standin;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One function's reserved concurrency, as the Lambda service enforces it: an invocation that would run beyond it is
 * not run but throttled ({@code 429 TooManyRequestsException}), never queued. Counts what it throttled.
 */
final class ReservedConcurrency {
  /** No reserved concurrency: only the stand-in's invocation pool bounds how many run. */
  static final int NONE = 0;

  private final int limit;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicInteger peak = new AtomicInteger();

  /** {@code limit}: invocations that may run at once, or {@link #NONE}. */
  ReservedConcurrency(int limit) {
    this.limit = limit;
  }

  /** Takes a slot for one invocation; false (and counted) when the function is at its reserved concurrency. */
  boolean tryStart() {
    if (limit == NONE) {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      return true;
    }
    while (true) {
      int now = running.get();
      if (now >= limit) {
        throttled.incrementAndGet();
        return false;
      }
      if (running.compareAndSet(now, now + 1)) {
        peak.accumulateAndGet(now + 1, Math::max);
        return true;
      }
    }
  }

  /** Gives back the slot {@link #tryStart} took. */
  void finished() {
    running.decrementAndGet();
  }

  /** How many invocations run now. */
  int running() {
    return running.get();
  }

  /** The most invocations that ran at once so far: what a reserved concurrency must cover. */
  int peak() {
    return peak.get();
  }

  /** How many invocations it throttled so far. */
  long throttled() {
    return throttled.get();
  }
}
