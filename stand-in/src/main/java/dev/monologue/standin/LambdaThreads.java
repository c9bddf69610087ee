package dev.monologue.standin;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads the stand-in's function invocations run on: Lambda's concurrency, a fixed number of them. */
final class LambdaThreads {
  private LambdaThreads() {}

  /** A pool of {@code concurrency} daemon threads. */
  static ExecutorService start(int concurrency) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "lambda-stand-in-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Lets running invocations finish for up to 5 s, then interrupts them. */
  static void stop(ExecutorService lambdas) {
    lambdas.shutdown();
    try {
      if (!lambdas.awaitTermination(5, TimeUnit.SECONDS)) {
        lambdas.shutdownNow();
      }
    } catch (InterruptedException e) {
      lambdas.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
