package dev.monologue.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Throughput with a fixed number of calls in flight per connection: each connection runs {@code inFlight} chains,
 * each starting its next call when the previous one completes. Completions are counted over the window only; the
 * chains then drain, within a bound.
 */
final class Throughput {
  /** Calls completed per second over the window, and the calls that failed during the whole run. */
  record Result(double callsPerSecond, long failures, String firstFailure) {}

  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private volatile boolean stop;
  private CountDownLatch drained;

  private Throughput() {}

  static Result measure(String name, List<Connection> callers, int inFlight, Duration window)
      throws InterruptedException {
    return new Throughput().run(name, callers, inFlight, window);
  }

  private Result run(String name, List<Connection> callers, int inFlight, Duration window)
      throws InterruptedException {
    drained = new CountDownLatch(callers.size() * inFlight);
    for (Connection c : callers) {
      for (int i = 0; i < inFlight; i++) {
        next(c);
      }
    }
    // A short ramp so that all chains are running when the window opens.
    Thread.sleep(Math.min(200, window.toMillis() / 5));
    long c0 = completed.get();
    long t0 = System.nanoTime();
    Thread.sleep(window.toMillis());
    long c1 = completed.get();
    long t1 = System.nanoTime();
    stop = true;
    if (!drained.await(Bench.CALL_BOUND.toMillis() * 2, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + ": " + drained.getCount() + " calls still pending "
          + Bench.CALL_BOUND.multipliedBy(2).toSeconds() + " s after the window closed");
    }
    Throwable f = firstFailure.get();
    return new Result((c1 - c0) * 1e9 / (t1 - t0), failures.get(), f == null ? null : String.valueOf(f));
  }

  private void next(Connection c) {
    if (stop) {
      drained.countDown();
      return;
    }
    c.callAsync().whenComplete((value, error) -> {
      if (error != null) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, error);
        drained.countDown(); // a failing chain ends: no hot loop of instant failures
        return;
      }
      completed.incrementAndGet();
      next(c);
    });
  }
}
