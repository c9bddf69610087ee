package dev.monologue.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An internal future of one reply that runs a hook just before it completes, so that what the call held (its slot
 * of {@code maxCallsInFlight}) is given back before a waiter can see the reply and call again. For a call whose
 * client interceptors wait to hear how it ends, it tells them first, with the outcome that wins.
 */
class ReplyFuture extends CompletableFuture<Object> {
  private static final Runnable FIRED = () -> {};

  private final AtomicReference<Runnable> hook = new AtomicReference<>();
  /** Told how the call ended; null when no interceptor listens, and then no completion pays for it. */
  private final CallPlan observed;
  /** With {@code observed}: who completes first, so that the outcome told is the one the caller sees. */
  private final AtomicBoolean won;

  ReplyFuture() {
    this(null);
  }

  /** A future of a call of {@code plan} (null: none), whose interceptors hear its outcome before anyone else. */
  ReplyFuture(CallPlan plan) {
    this.observed = plan != null && plan.observed() ? plan : null;
    this.won = observed == null ? null : new AtomicBoolean();
  }

  /** Whether this completion is the first (always true when nobody listens); tells the listeners if so. */
  private boolean first(Object value, Throwable failure) {
    if (observed == null) {
      return true;
    }
    if (!won.compareAndSet(false, true)) {
      return false;
    }
    observed.ended(value, failure);
    return true;
  }

  /** Runs {@code action} before this future completes, or at once if it has begun to complete. */
  final void beforeCompletion(Runnable action) {
    if (!hook.compareAndSet(null, action)) {
      action.run();
    }
  }

  private void fire() {
    Runnable action = hook.getAndSet(FIRED);
    if (action != null && action != FIRED) {
      action.run();
    }
  }

  @Override
  public boolean complete(Object value) {
    if (!first(value, null)) {
      return false;
    }
    fire();
    return super.complete(value);
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    if (!first(null, ex)) {
      return false;
    }
    fire();
    return super.completeExceptionally(ex);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (!first(null, new CancellationException())) {
      return false;
    }
    fire();
    return super.cancel(mayInterruptIfRunning);
  }
}
