package dev.monologue.transport;

import java.lang.reflect.Type;

/**
 * One call waiting for its reply, an entry of the client's {@link PendingExchanges}. Its future completes directly
 * on the thread that resolves it (usually the socket's reader): only the client's own code depends on it. User code
 * gets a {@link CallFuture} over it, or waits on it inside a blocking typed call.
 */
final class PendingCall extends ReplyFuture implements PendingExchanges.Exchange {
  final String token;
  final String method;
  final String peer;
  final Type resultType;
  /** The connection the request went out on; only its closing fails this call. */
  final RelayLink connection;
  /** When the call was opened, on the client's clock ({@link ClientTimer#nanoTime()}). */
  final long startNanos;
  /** When the call times out, on the client's clock; where the table's one deadline sweep reads it. */
  final long deadlineNanos;
  /** The table that removes this call when it is cancelled, and times it out. */
  private final PendingCalls table;
  /** The call's context, or null for a call without one. */
  final CallPlan plan;

  PendingCall(String token, String method, String peer, Type resultType, RelayLink connection, long startNanos,
      long deadlineNanos, PendingCalls table, CallPlan plan) {
    super(plan);
    this.plan = plan;
    this.token = token;
    this.method = method;
    this.peer = peer;
    this.resultType = resultType;
    this.connection = connection;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
    this.table = table;
  }

  void succeed(Object value) {
    complete(value);
  }

  void fail(Throwable error) {
    completeExceptionally(error);
  }

  @Override
  public String token() {
    return token;
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  @Override
  public RelayLink connection() {
    return connection;
  }

  @Override
  public void expire() {
    table.timedOut(this);
  }

  @Override
  public void dropped(String reason) {
    table.dropped(this, reason);
  }

  /** Cancelling the call also forgets it, so a late reply finds nothing. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      table.forget(this);
    }
    return cancelled;
  }

  @Override
  public String toString() {
    return "PendingCall{" + method + " on " + peer + "}";
  }
}
