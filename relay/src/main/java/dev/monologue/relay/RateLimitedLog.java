package dev.monologue.relay;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Lets one warning through per interval and counts the ones it held back, so that a peer that triggers a warning
 * per frame or per socket cannot flood the log; the next line says how many were suppressed.
 */
final class RateLimitedLog {
  private final long intervalNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** Logs at WARN unless a line went out less than the interval ago; then only counts it. */
  void warn(Logger log, String format, Object... args) {
    long now = System.nanoTime();
    long next = nextAllowed.get();
    if ((next != Long.MIN_VALUE && now - next < 0) || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long held = suppressed.getAndSet(0);
    if (log.isWarnEnabled()) {
      log.warn(held == 0 ? format : format + " (" + held + " similar lines suppressed)", args);
    }
  }

  /** Lines held back since the last one logged. */
  long suppressed() {
    return suppressed.get();
  }
}
