package dev.monologue.transport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a client owns when the user gave none: up to {@value #THREADS} daemon threads named
 * {@code monologue-handler-N}, started on demand and ended after {@value #KEEP_ALIVE_SECONDS} s idle, in front of
 * a queue of {@value #QUEUE} tasks by default. Enough threads that handlers which block on calls of their own
 * rarely starve the completions they wait for; a bounded queue so an overloaded machine answers {@code OVERLOADED}
 * instead of growing.
 */
final class HandlerPool {
  static final int THREADS = 64;
  static final int QUEUE = 10_000;
  static final long KEEP_ALIVE_SECONDS = 30;

  private HandlerPool() {}

  static ExecutorService create() {
    return create(QUEUE);
  }

  /** A pool whose queue holds at most {@code queue} tasks ({@code MonologueOptions.maxQueuedHandlerCalls}). */
  static ExecutorService create(int queue) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(queue), daemonThreads("monologue-handler-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
