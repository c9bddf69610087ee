package dev.monologue.testsupport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for tests: every wait ends within a {@link Duration}, generous by default ({@link #WAIT}) so that it
 * holds on a loaded 2-core machine, and a wait that runs out fails naming what it waited for.
 */
public final class Awaits {
  /** The default bound: long enough for a busy machine, short enough that a hang fails the build. */
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private Awaits() {}

  /** The stage's value, within {@link #WAIT}; its failure is thrown as the {@link ExecutionException}. */
  public static <T> T await(CompletionStage<T> stage) throws Exception {
    return await(stage, WAIT);
  }

  /** The stage's value, within {@code bound}. */
  public static <T> T await(CompletionStage<T> stage, Duration bound) throws Exception {
    Objects.requireNonNull(stage, "stage == null");
    try {
      return stage.toCompletableFuture().get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + bound, e);
    }
  }

  /** The exception the stage failed with, within {@link #WAIT}; an {@link AssertionError} if it succeeded. */
  public static Throwable failure(CompletionStage<?> stage) throws Exception {
    return failure(stage, WAIT);
  }

  /** The exception the stage failed with, within {@code bound}. */
  public static Throwable failure(CompletionStage<?> stage, Duration bound) throws Exception {
    try {
      Object value = await(stage, bound);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /** Polls {@code condition} until it holds, for at most {@link #WAIT}. */
  public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    eventually(what, condition, WAIT);
  }

  /** Polls {@code condition} until it holds, for at most {@code bound}; fails naming {@code what} otherwise. */
  public static void eventually(String what, BooleanSupplier condition, Duration bound)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      TimeUnit.NANOSECONDS.sleep(POLL_NANOS); // polling interval; the deadline bounds the wait
    }
  }

  /** Milliseconds since {@code startNanos} (a {@link System#nanoTime()} reading). */
  public static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
