package dev.monologue.wire;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How often a warning that a peer can trigger (one per frame, per socket, per call) may be logged: one per
 * interval, the others counted, so that a flooding peer cannot flood the log. The client and the relay share it.
 *
 * <pre>if (budget.tryLog()) log.warn("... ({} like it suppressed)", ..., budget.takeSuppressed());</pre>
 */
public final class WarningBudget {
  /** One line per ten seconds: enough to see that something goes on, never a flood. */
  public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final long intervalNanos;
  private final LongSupplier clock;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public WarningBudget(long intervalNanos) {
    this(intervalNanos, System::nanoTime);
  }

  /** With {@code clock} for {@code System.nanoTime}: for tests, which cannot rely on a busy machine's timing. */
  WarningBudget(long intervalNanos, LongSupplier clock) {
    this.intervalNanos = intervalNanos;
    this.clock = clock;
  }

  /** True when a line may go out now; otherwise counts one more suppressed line. */
  public boolean tryLog() {
    long now = clock.getAsLong();
    long next = nextAllowed.get();
    if ((next != Long.MIN_VALUE && now - next < 0) || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return false;
    }
    return true;
  }

  /** The lines suppressed since the last call, for the line that goes out; resets the count. */
  public long takeSuppressed() {
    return suppressed.getAndSet(0);
  }

  /** The lines suppressed so far, without resetting. */
  public long suppressed() {
    return suppressed.get();
  }
}
