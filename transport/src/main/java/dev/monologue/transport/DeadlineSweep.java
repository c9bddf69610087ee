package dev.monologue.transport;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;

/**
 * The timeouts of pending exchanges ({@link PendingExchanges}) on one reusable timer task, instead of a
 * {@code ScheduledFuture} per call: each exchange carries its deadline, and one task, scheduled for the earliest
 * deadline it was told of (never sooner than {@code resolution} after the last sweep), ends those past theirs and
 * schedules itself again while any is pending. Opening one costs a comparison under an uncontended lock; answering
 * one costs nothing. With one timeout for every call, the sweep runs about once per timeout while calls are
 * answered in time. Time is the {@link ClientTimer}'s, its scheduler and its clock, which tests replace to drive
 * timeouts without waiting.
 */
final class DeadlineSweep {
  /** What the sweep scans. */
  interface Deadlines {
    /**
     * Ends every entry whose deadline is at or before {@code now} (on the client's clock,
     * {@link ClientTimer#nanoTime()}); returns the earliest deadline still pending, or empty when nothing is.
     */
    OptionalLong expire(long now);
  }

  private final ClientTimer timer;
  private final Deadlines deadlines;
  private final long resolutionNanos;
  private final Object lock = new Object();
  /** The sweep to come, or null; with {@link #armedFor}, guarded by {@link #lock}. */
  private ScheduledFuture<?> armed;
  private long armedFor;

  DeadlineSweep(ClientTimer timer, Deadlines deadlines, Duration resolution) {
    this.timer = timer;
    this.deadlines = deadlines;
    this.resolutionNanos = resolution.toNanos();
  }

  /**
   * An entry with {@code deadline} was added (after it became visible to {@link Deadlines#expire}): makes sure a
   * sweep runs by then, give or take the resolution. Returns false when the timer no longer runs tasks.
   */
  boolean added(long deadline) {
    synchronized (lock) {
      if (armed != null && armedFor - deadline <= 0) {
        return true;
      }
      return arm(deadline);
    }
  }

  private boolean arm(long deadline) {
    long delay = Math.max(deadline - timer.nanoTime(), resolutionNanos);
    ScheduledFuture<?> next = timer.schedule(this::sweep, delay);
    if (next == null) {
      return false; // shut down: the client is closing and fails what is pending itself
    }
    if (armed != null) {
      armed.cancel(false);
    }
    armed = next;
    armedFor = deadline;
    return true;
  }

  private void sweep() {
    synchronized (lock) {
      // From here on an added entry arms a sweep of its own unless this one re-arms first: none is missed.
      armed = null;
    }
    OptionalLong next = deadlines.expire(timer.nanoTime());
    if (next.isPresent()) {
      added(next.getAsLong());
    }
  }
}
