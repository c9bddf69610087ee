package dev.monologue.transport;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The client's own background threads: daemons (they never keep a JVM alive), named for a thread dump. */
final class DaemonThreads {
  private DaemonThreads() {}

  /** Daemon threads named {@code prefix1}, {@code prefix2}, ... */
  static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * One daemon thread {@code prefix1} that runs scheduled tasks; a cancelled task leaves its queue at once (most
   * timers are cancelled before they fire, and must not pile up).
   */
  static ScheduledExecutorService timer(String prefix) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, named(prefix));
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
