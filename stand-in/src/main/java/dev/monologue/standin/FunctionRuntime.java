package dev.monologue.standin;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs handler invocations as the Lambda service does: each on a thread of its own, given up at the function's
 * timeout. Lambda stops a timed-out environment; a Java thread cannot be stopped, so it is interrupted and left to
 * finish: unlike on AWS, a timed-out invocation may still post what it was about to (such as a relay error frame).
 */
final class FunctionRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FunctionRuntime.class);

  /** The invocation threw, or ran past the function's timeout. */
  static final class FunctionError extends Exception {
    FunctionError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Duration timeout;
  private final ExecutorService threads;
  private final BillingMeter meter;

  FunctionRuntime(Duration timeout, BillingMeter meter) {
    this.timeout = timeout;
    this.meter = meter;
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "lambda-function-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  Duration timeout() {
    return timeout;
  }

  /** The invocation's result; {@link FunctionError} when it threw or did not finish within the timeout. */
  <T> T invoke(String function, Supplier<T> invocation) throws FunctionError {
    Future<T> running = threads.submit(() -> {
      long start = System.nanoTime();
      try {
        return invocation.get();
      } finally {
        meter.invocation(System.nanoTime() - start); // a timed-out one too: Lambda bills it to the timeout
      }
    });
    try {
      return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      log.warn("{} timed out after {} ms", function, timeout.toMillis());
      throw new FunctionError(function + " timed out after " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      log.warn("{} failed", function, e.getCause());
      throw new FunctionError(function + " threw " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      throw new FunctionError(function + " was not awaited: the stand-in is closing", e);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
