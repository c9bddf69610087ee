package dev.monologue.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An internal future of one reply that runs a hook just before it completes, so that what the call held (its slot
 * of {@code maxCallsInFlight}) is given back before a waiter can see the reply and call again.
 */
class ReplyFuture extends CompletableFuture<Object> {
  private static final Runnable FIRED = () -> {};

  private final AtomicReference<Runnable> hook = new AtomicReference<>();

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
    fire();
    return super.complete(value);
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    fire();
    return super.completeExceptionally(ex);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    fire();
    return super.cancel(mayInterruptIfRunning);
  }
}
