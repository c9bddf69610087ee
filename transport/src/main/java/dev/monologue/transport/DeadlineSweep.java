package dev.monologue.transport;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timeouts of pending calls on one reusable timer, instead of a {@code ScheduledFuture} per call: each call
 * carries its deadline, and one task, scheduled for the earliest deadline it was told of (never sooner than
 * {@code resolution} after the last sweep), fails the calls past theirs and schedules itself again while any call is
 * pending. Opening a call costs a comparison under an uncontended lock; answering one costs nothing. With one
 * timeout for every call, the sweep runs about once per timeout while calls are answered in time.
 */
final class DeadlineSweep {
  /** What the sweep scans. */
  interface Deadlines {
    /**
     * Fails every entry whose deadline is at or before {@code now} (as {@link System#nanoTime()}); returns the
     * earliest deadline still pending, or empty when nothing is.
     */
    OptionalLong expire(long now);
  }

  private final ScheduledExecutorService timer;
  private final Deadlines deadlines;
  private final long resolutionNanos;
  private final Object lock = new Object();
  /** The sweep to come, or null; with {@link #armedFor}, guarded by {@link #lock}. */
  private ScheduledFuture<?> armed;
  private long armedFor;

  DeadlineSweep(ScheduledExecutorService timer, Deadlines deadlines, Duration resolution) {
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
    long delay = Math.max(deadline - System.nanoTime(), resolutionNanos);
    ScheduledFuture<?> next;
    try {
      next = timer.schedule(this::sweep, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
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
    OptionalLong next = deadlines.expire(System.nanoTime());
    if (next.isPresent()) {
      added(next.getAsLong());
    }
  }
}
