package dev.monologue.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Throughput with a fixed number of calls in flight: each of {@code inFlight} chains starts its next call when the
 * previous one completes. Completions are counted over the window only; the chains then drain, within a bound.
 */
final class Throughput {
  /** Calls completed per second over the window, and the calls that failed during the whole run. */
  record Result(double callsPerSecond, long failures, String firstFailure) {}

  private final Contender contender;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private volatile boolean stop;
  private CountDownLatch drained;

  private Throughput(Contender contender) {
    this.contender = contender;
  }

  static Result measure(Contender contender, int inFlight, Duration window) throws InterruptedException {
    return new Throughput(contender).run(inFlight, window);
  }

  private Result run(int inFlight, Duration window) throws InterruptedException {
    drained = new CountDownLatch(inFlight);
    for (int i = 0; i < inFlight; i++) {
      next();
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
      throw new IllegalStateException(contender.name() + ": " + drained.getCount() + " calls still pending "
          + Bench.CALL_BOUND.multipliedBy(2).toSeconds() + " s after the window closed");
    }
    Throwable f = firstFailure.get();
    return new Result((c1 - c0) * 1e9 / (t1 - t0), failures.get(), f == null ? null : String.valueOf(f));
  }

  private void next() {
    if (stop) {
      drained.countDown();
      return;
    }
    contender.callAsync().whenComplete((value, error) -> {
      if (error != null) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, error);
        drained.countDown(); // a failing chain ends: no hot loop of instant failures
        return;
      }
      completed.incrementAndGet();
      next();
    });
  }
}
