package dev.monologue.transport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a client owns when the user gave none: up to {@value #THREADS} daemon threads named
 * {@code monologue-handler-N}, in front of a queue of {@value #QUEUE} tasks by default. Enough threads that handlers
 * which block on calls of their own rarely starve the completions they wait for; a bounded queue so an overloaded
 * machine answers {@code OVERLOADED} instead of growing.
 *
 * <p>A thread is started only when every thread is busy, and ends after {@value #KEEP_ALIVE_SECONDS} s idle: work
 * that arrives one task at a time stays on one or two threads whose caches are warm, instead of being dealt round
 * {@value #THREADS} threads (a plain pool with that many core threads starts a new one for each task until it has
 * them all, and wakes the longest-parked one for each task after that).
 */
final class HandlerPool extends ThreadPoolExecutor {
  static final int THREADS = 64;
  static final int QUEUE = 10_000;
  static final long KEEP_ALIVE_SECONDS = 30;

  /** Tasks handed to this pool and not yet finished: queued or running. */
  private final AtomicInteger busy = new AtomicInteger();

  private HandlerPool(int queue) {
    super(0, THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new TaskQueue(queue), daemonThreads("monologue-handler-"));
    ((TaskQueue) getQueue()).pool = this;
  }

  static ExecutorService create() {
    return create(QUEUE);
  }

  /** A pool whose queue holds at most {@code queue} tasks ({@code MonologueOptions.maxQueuedHandlerCalls}). */
  static HandlerPool create(int queue) {
    return new HandlerPool(queue);
  }

  /** Tasks queued or running. */
  int busy() {
    return busy.get();
  }

  @Override
  public void execute(Runnable task) {
    busy.incrementAndGet();
    try {
      super.execute(task);
    } catch (RuntimeException | Error e) {
      busy.decrementAndGet();
      throw e;
    }
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    busy.decrementAndGet();
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Takes a task only when a thread is free to run it, or when no thread may be added; refusing it otherwise makes
   * the pool start a thread. Bounded: once full, the pool rejects, and the client answers {@code OVERLOADED}.
   */
  private static final class TaskQueue extends LinkedBlockingQueue<Runnable> {
    private HandlerPool pool;

    TaskQueue(int capacity) {
      super(capacity);
    }

    @Override
    public boolean offer(Runnable task) {
      HandlerPool p = pool;
      if (p.busy.get() <= p.getPoolSize() || p.getPoolSize() >= p.getMaximumPoolSize()) {
        return super.offer(task);
      }
      return false;
    }
  }
}
