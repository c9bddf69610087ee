package dev.monologue.transport;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The future a call hands to user code. Its reply arrives on the socket's reader thread, which completes the
 * internal {@code reply} future; this future itself is never completed there, so no dependent stage of it (nor of
 * anything combined with it: {@code allOf}, {@code thenCompose}, {@code minimalCompletionStage}, ...) can run on the
 * socket's thread. Instead:
 *
 * <ul>
 *   <li>a thread blocked in {@code get}/{@code join} is woken by the reader thread directly and completes this
 *       future itself, on its own thread (no hand-off through the executor);
 *   <li>when nobody is blocked, the executor completes it, and its dependents run there.
 * </ul>
 *
 * <p>Cancelling cancels the call. Completing it by hand wakes its waiters, as for any {@code CompletableFuture}.
 */
final class CallFuture<T> extends CompletableFuture<T> {
  /** The internal future completed on the reader thread; only our code depends on it. */
  private final CompletableFuture<?> reply;
  private final Executor executor;
  private final Function<Throwable, Throwable> errors;
  /** Completed (value ignored) when {@code reply} completes or this future is completed by hand. */
  private final CompletableFuture<Void> signal = new CompletableFuture<>();
  private final AtomicInteger waiters = new AtomicInteger();

  private CallFuture(CompletableFuture<?> reply, Executor executor, Function<Throwable, Throwable> errors) {
    this.reply = reply;
    this.executor = executor;
    this.errors = errors;
  }

  /**
   * A future for {@code reply} whose failures pass through {@code errors} (on the thread that completes this
   * future, never the reader) and whose completion, when nobody waits, runs on {@code executor}.
   */
  static <T> CallFuture<T> of(CompletableFuture<?> reply, Executor executor, Function<Throwable, Throwable> errors) {
    CallFuture<T> future = new CallFuture<>(reply, executor, errors);
    if (reply.isDone()) {
      // Failed before it was sent (not connected, too large, ...): settle on the caller's thread.
      future.settle();
      future.signal.complete(null);
    } else {
      reply.whenComplete((value, error) -> future.replied());
    }
    return future;
  }

  /** On the thread that completed {@code reply}: wakes the waiters, or hands the completion to the executor. */
  private void replied() {
    signal.complete(null);
    // A waiter that leaves after this read sees the reply done and settles (see await); one that is still
    // waiting here will settle once woken.
    if (waiters.get() > 0 || isDone()) {
      return;
    }
    try {
      executor.execute(this::settle);
    } catch (RejectedExecutionException e) {
      // The executor is shut down or full: completing here beats leaving the caller waiting.
      settle();
    }
  }

  /** Completes this future from {@code reply}, if both allow it. */
  private void settle() {
    if (isDone() || !reply.isDone()) {
      return;
    }
    Object value;
    try {
      value = reply.join();
    } catch (CancellationException e) {
      super.cancel(false);
      return;
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      Throwable mapped;
      try {
        mapped = errors.apply(cause);
      } catch (RuntimeException mappingFailed) {
        cause.addSuppressed(mappingFailed);
        mapped = cause;
      }
      super.completeExceptionally(mapped);
      return;
    }
    @SuppressWarnings("unchecked")
    T result = (T) value;
    super.complete(result);
  }

  /** Waits for the signal (at most {@code timeoutNanos} unless negative), then settles this future if it can. */
  private void await(long timeoutNanos) throws InterruptedException {
    waiters.incrementAndGet();
    try {
      HandlerThread.whileBlocked(
          () -> timeoutNanos < 0 ? signal.get() : signal.get(timeoutNanos, TimeUnit.NANOSECONDS));
    } catch (ExecutionException | TimeoutException e) {
      // The signal never fails; a timeout shows as this future not being done.
    } finally {
      waiters.decrementAndGet();
      settle();
    }
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    if (!isDone()) {
      await(-1);
    }
    return super.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    if (!isDone()) {
      await(Math.max(0, unit.toNanos(timeout)));
      if (!isDone()) {
        throw new TimeoutException();
      }
    }
    return super.get();
  }

  @Override
  public T join() {
    boolean interrupted = false;
    while (!isDone()) {
      try {
        await(-1);
      } catch (InterruptedException e) {
        interrupted = true; // join is not interruptible
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return super.join();
  }

  @Override
  public T getNow(T valueIfAbsent) {
    settle();
    return super.getNow(valueIfAbsent);
  }

  /** Cancels the call too: a late reply then finds nothing. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      reply.cancel(false);
      signal.complete(null);
    }
    return cancelled;
  }

  @Override
  public boolean complete(T value) {
    boolean completed = super.complete(value);
    signal.complete(null);
    return completed;
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    boolean completed = super.completeExceptionally(ex);
    signal.complete(null);
    return completed;
  }

  @Override
  public void obtrudeValue(T value) {
    super.obtrudeValue(value);
    signal.complete(null);
  }

  @Override
  public void obtrudeException(Throwable ex) {
    super.obtrudeException(ex);
    signal.complete(null);
  }
}
