package dev.monologue.transport;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one timer thread, {@code monologue-timer}: the timeouts of pending exchanges (one reusable task,
 * {@link DeadlineSweep}), connect deadlines, keep-alives, renewals, reconnect backoff and probe scans. A task that
 * throws is logged; once the client closes, nothing is scheduled. It is also the client's one clock
 * ({@link #nanoTime()}): the client's parts read the time here, never {@code System.nanoTime()} themselves, so that
 * a test hands in one scheduler and its clock together and drives timeouts without waiting for them.
 */
final class ClientTimer {
  private static final Logger log = LoggerFactory.getLogger(ClientTimer.class);

  private final ScheduledExecutorService executor;
  private final LongSupplier clock;

  ClientTimer() {
    this(DaemonThreads.timer("monologue-timer-"), System::nanoTime);
  }

  /** A timer on {@code executor}, whose time is {@code clock} (as {@link System#nanoTime()}): the seam for tests. */
  ClientTimer(ScheduledExecutorService executor, LongSupplier clock) {
    this.executor = executor;
    this.clock = clock;
  }

  /** Now, as {@link System#nanoTime()} reads it (or the clock a test gave). */
  long nanoTime() {
    return clock.getAsLong();
  }

  /** Runs {@code task} after {@code delayNanos}; null when the client is closing. */
  ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    try {
      return executor.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("A scheduled task of the client failed", e);
        }
      }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null; // the client is closing
    }
  }

  /** Runs {@code task} every {@code periodNanos}, a failure of one run being logged. */
  void every(Runnable task, long periodNanos, String what) {
    executor.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("{} failed", what, e);
      }
    }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  void shutdown() {
    executor.shutdownNow();
  }
}
