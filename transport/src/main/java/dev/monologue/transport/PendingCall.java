package dev.monologue.transport;

import java.lang.reflect.Type;
import java.util.function.Consumer;

/**
 * One call waiting for its reply. Its future completes directly on the thread that resolves it (usually the
 * socket's reader): only the client's own code depends on it. User code gets a {@link CallFuture} over it, or
 * waits on it inside a blocking typed call.
 */
final class PendingCall extends ReplyFuture {
  final String token;
  final String method;
  final String peer;
  final Type resultType;
  /** The connection the request went out on; only its closing fails this call. */
  final RelayLink connection;
  /** When the call was opened, as {@link System#nanoTime()}. */
  final long startNanos = System.nanoTime();
  /** Removes this call from its table when it is cancelled. */
  private final Consumer<PendingCall> forget;
  /**
   * When the call times out, as {@link System#nanoTime()}; set before the call is published in its table, where
   * the table's one deadline sweep reads it.
   */
  long deadlineNanos;
  /** The call's context, or null for a call without one. */
  final CallPlan plan;

  PendingCall(String token, String method, String peer, Type resultType, RelayLink connection,
      Consumer<PendingCall> forget) {
    this(token, method, peer, resultType, connection, forget, null);
  }

  PendingCall(String token, String method, String peer, Type resultType, RelayLink connection,
      Consumer<PendingCall> forget, CallPlan plan) {
    super(plan);
    this.plan = plan;
    this.token = token;
    this.method = method;
    this.peer = peer;
    this.resultType = resultType;
    this.connection = connection;
    this.forget = forget;
  }

  void succeed(Object value) {
    complete(value);
  }

  void fail(Throwable error) {
    completeExceptionally(error);
  }

  /** Cancelling the call also forgets it, so a late reply finds nothing. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      forget.accept(this);
    }
    return cancelled;
  }

  @Override
  public String toString() {
    return "PendingCall{" + method + " on " + peer + "}";
  }
}
