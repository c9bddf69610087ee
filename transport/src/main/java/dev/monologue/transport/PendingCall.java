package dev.monologue.transport;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * One call waiting for its reply. Its future completes either directly on the thread that resolves it (the
 * socket's reader, for a caller blocked in {@code get()}) or on {@code completer}, so that user continuations never
 * run on the socket's thread.
 */
final class PendingCall extends CompletableFuture<Object> {
  final String token;
  final String method;
  final String peer;
  final Type resultType;
  /** The connection the request went out on; only its closing fails this call. */
  final Object connection;
  /** When the call was opened, as {@link System#nanoTime()}. */
  final long startNanos = System.nanoTime();
  private final Executor completer;
  private final PendingCalls owner;
  private volatile ScheduledFuture<?> timer;

  PendingCall(String token, String method, String peer, Type resultType, Object connection, Executor completer,
      PendingCalls owner) {
    this.token = token;
    this.method = method;
    this.peer = peer;
    this.resultType = resultType;
    this.connection = connection;
    this.completer = completer;
    this.owner = owner;
  }

  void timer(ScheduledFuture<?> timer) {
    this.timer = timer;
  }

  void cancelTimer() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }

  void succeed(Object value) {
    deliver(() -> complete(value));
  }

  void fail(Throwable error) {
    deliver(() -> completeExceptionally(error));
  }

  private void deliver(Runnable completion) {
    if (completer == null) {
      completion.run();
      return;
    }
    try {
      completer.execute(completion);
    } catch (RejectedExecutionException e) {
      // The executor is shut down or full: completing here beats leaving the caller waiting.
      completion.run();
    }
  }

  /** Cancelling the call also forgets it, so a late reply finds nothing. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      owner.forget(this);
    }
    return cancelled;
  }

  @Override
  public String toString() {
    return "PendingCall{" + method + " on " + peer + "}";
  }
}
