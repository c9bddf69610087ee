package dev.monologue.transport;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A thread of a {@link HandlerPool}. While it waits for the reply of a call (a blocking typed call, or {@code get}
 * on a call's future, inside a handler or a callback), its pool counts it as parked, so that the work queued behind
 * it, perhaps the very request or reply it waits for, is run by another thread at once.
 */
final class HandlerThread extends Thread {
  private final HandlerPool pool;

  HandlerThread(HandlerPool pool, Runnable worker, String name) {
    super(worker, name);
    this.pool = pool;
    setDaemon(true);
  }

  /** Runs {@code wait}, telling the current thread's pool, if it is a handler thread, that it waits meanwhile. */
  static <T> T whileBlocked(Wait<T> wait) throws InterruptedException, ExecutionException, TimeoutException {
    if (!(Thread.currentThread() instanceof HandlerThread t)) {
      return wait.run();
    }
    t.pool.blocking();
    try {
      return wait.run();
    } finally {
      t.pool.unblocked();
    }
  }

  /** Whether the current thread is a handler pool's with tasks waiting behind it. */
  static boolean hasWorkWaiting() {
    return Thread.currentThread() instanceof HandlerThread t && t.pool.hasQueuedTasks();
  }

  /** A blocking wait for a reply, such as {@code future.get()}. */
  @FunctionalInterface
  interface Wait<T> {
    T run() throws InterruptedException, ExecutionException, TimeoutException;
  }
}
