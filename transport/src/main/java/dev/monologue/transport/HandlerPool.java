package dev.monologue.transport;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The executor a client owns when the user gave none: up to {@value #THREADS} daemon threads
 * {@code monologue-handler-N} and a bounded queue ({@value #QUEUE} tasks by default; when full, {@code OVERLOADED}).
 * Tasks queue behind the awake threads; a parked thread (the most recently parked: warm) is woken only when none is
 * awake, so a burst read from the socket costs one wake-up, not one per task (which grew the pool to its maximum).
 * A task queued at one of the monitor's looks ({@link #STALL} apart) and still queued at the next (its threads
 * blocked, on long work or on a run of short blocking tasks) wakes or starts one more thread; a full queue starts one
 * at once; a thread waiting for a reply counts as parked ({@link HandlerThread}). A thread ends after
 * {@value #KEEP_ALIVE_SECONDS} s parked.
 */
final class HandlerPool extends AbstractExecutorService {
  static final int THREADS = 64;
  static final int QUEUE = 10_000;
  static final long KEEP_ALIVE_SECONDS = 30;
  /** How often the monitor looks: work queued at one look and still queued at the next wakes another thread. */
  static final Duration STALL = Duration.ofMillis(10);

  private final int capacity;
  private final long stallNanos;
  private final AtomicInteger threadNumbers = new AtomicInteger();
  private final ScheduledExecutorService monitor;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition terminated = lock.newCondition();
  /** The size of {@link #queue}, for reading without the lock. */
  private volatile int queued;
  // All below guarded by lock.
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  /** Parked workers, the most recently parked last. */
  private final ArrayDeque<Worker> parked = new ArrayDeque<>();
  private final List<Worker> workers = new ArrayList<>();
  /** Workers not parked: running a task, looking for one, or woken and not yet running. */
  private int awake;
  private int running;
  private int largest;
  private boolean shutdown;
  private boolean monitorArmed;
  /** Tasks ever queued and ever taken from the queue: the monitor compares them across its looks. */
  private long added;
  private long taken;
  /** {@link #added} at the monitor's last look: the tasks queued by then have all been taken unless more wait. */
  private long addedAtLook;

  private HandlerPool(int capacity, Duration stall) {
    this.capacity = capacity;
    this.stallNanos = stall.toNanos();
    this.monitor = DaemonThreads.timer("monologue-pool-");
  }

  /** A pool whose queue holds at most {@code queue} tasks ({@code MonologueOptions.maxQueuedHandlerCalls}). */
  static HandlerPool create(int queue) {
    return create(queue, STALL);
  }

  /** Like {@link #create(int)}, waking another thread for work stalled for {@code stall} (tests). */
  static HandlerPool create(int queue, Duration stall) {
    if (queue < 1) {
      throw new IllegalArgumentException("queue must hold at least one task: " + queue);
    }
    return new HandlerPool(queue, stall);
  }

  /** Whether tasks wait in the queue (read without the lock: a hint). */
  boolean hasQueuedTasks() {
    return queued > 0;
  }

  /** Tasks queued or running. */
  int busy() {
    return locked(() -> queue.size() + running);
  }

  int getPoolSize() {
    return locked(workers::size);
  }

  int getLargestPoolSize() {
    return locked(() -> largest);
  }

  private int locked(IntSupplier read) {
    lock.lock();
    try {
      return read.getAsInt();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void execute(Runnable task) {
    if (task == null) {
      throw new NullPointerException("task == null");
    }
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("the handler pool is shut down");
      }
      if (queue.size() >= capacity) {
        if (workers.size() >= THREADS) {
          throw new RejectedExecutionException("the handler pool's " + THREADS + " threads are busy and its queue"
              + " of " + capacity + " tasks is full");
        }
        start(task);
        return;
      }
      queue.addLast(task);
      added++;
      queued = queue.size();
      if (awake == 0) {
        wakeOrStart();
      } else {
        armMonitor();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: one more thread awake, a parked one if any. */
  private void wakeOrStart() {
    Worker w = parked.pollLast();
    if (w != null) {
      w.parked = false;
      awake++;
      w.wake.signal();
    } else if (workers.size() < THREADS) {
      start(null);
    }
  }

  /** Under the lock: starts a worker that runs {@code first} (may be null) and then takes from the queue. */
  private void start(Runnable first) {
    Worker w = new Worker(first);
    Thread t = new HandlerThread(this, w, "monologue-handler-" + threadNumbers.incrementAndGet());
    w.thread = t;
    workers.add(w);
    largest = Math.max(largest, workers.size());
    awake++;
    t.start();
  }

  /** Under the lock: makes sure the monitor looks at the queue within {@link #STALL}. */
  private void armMonitor() {
    if (monitorArmed) {
      return;
    }
    try {
      monitor.schedule(this::look, stallNanos, TimeUnit.NANOSECONDS);
      monitorArmed = true;
    } catch (RejectedExecutionException e) {
      wakeOrStart(); // shutting down: no monitor, so no task may wait on a blocked thread
    }
  }

  /**
   * The monitor: a task queued at the last look and not yet taken waited for {@link #STALL}: wake one more thread.
   * Counting tasks rather than watching the head also sees threads that block for less than a stall each (a run of
   * 5 ms JDBC calls moves the head every 5 ms while the queue behind it waits for seconds).
   */
  private void look() {
    lock.lock();
    try {
      monitorArmed = false;
      if (queue.isEmpty()) {
        addedAtLook = added;
        return;
      }
      if (taken < addedAtLook) {
        wakeOrStart();
      }
      addedAtLook = added;
      armMonitor();
    } finally {
      lock.unlock();
    }
  }

  /** The next task for {@code w}, parking while there is none; null when the worker should end. */
  private Runnable next(Worker w) {
    lock.lock();
    try {
      long keepAlive = TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS);
      while (true) {
        Runnable task = queue.pollFirst();
        if (task != null) {
          taken++;
          queued = queue.size();
          running++;
          return task;
        }
        if (shutdown) {
          return null;
        }
        awake--;
        w.parked = true;
        parked.addLast(w);
        long left = keepAlive;
        try {
          while (w.parked && left > 0 && !shutdown) {
            left = w.wake.awaitNanos(left);
          }
        } catch (InterruptedException e) {
          // shutdownNow, or an interrupt a task left behind: only the first ends the worker
        }
        if (w.parked) {
          // Timed out, shut down or interrupted while parked: nobody counted it awake again.
          parked.remove(w);
          w.parked = false;
          awake++;
          if (!shutdown && left <= 0) {
            return null;
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The current thread, a worker of this pool, is about to wait for a call's reply: it counts as parked meanwhile,
   * so that queued work (perhaps what it waits for) is not left to the monitor ({@link HandlerThread#whileBlocked}).
   */
  void blocking() {
    lock.lock();
    try {
      awake--;
      if (!queue.isEmpty() && awake == 0) {
        wakeOrStart();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The current thread, a worker of this pool, has its reply. */
  void unblocked() {
    lock.lock();
    try {
      awake++;
    } finally {
      lock.unlock();
    }
  }

  /** Counts a task started ({@code +1}) or finished ({@code -1}) by a worker. */
  private void running(int change) {
    lock.lock();
    try {
      running += change;
    } finally {
      lock.unlock();
    }
  }

  private void exit(Worker w) {
    lock.lock();
    try {
      awake--;
      workers.remove(w);
      if (shutdown && workers.isEmpty()) {
        terminated.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private final class Worker implements Runnable {
    final Condition wake = lock.newCondition();
    Runnable first;
    Thread thread;
    boolean parked;

    Worker(Runnable first) {
      this.first = first;
    }

    @Override
    public void run() {
      try {
        Runnable task = first;
        first = null;
        if (task != null) {
          running(1);
        }
        while (true) {
          if (task == null) {
            task = next(this);
            if (task == null) {
              return;
            }
          }
          if (Thread.interrupted() && isShutdown()) {
            // shutdownNow between tasks; otherwise an interrupt a task left behind is cleared here
            Thread.currentThread().interrupt();
          }
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
            if (e instanceof VirtualMachineError) {
              throw e;
            }
          } finally {
            running(-1);
          }
          task = null;
        }
      } finally {
        exit(this);
      }
    }
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      for (Worker w : parked) {
        w.wake.signal();
      }
      if (workers.isEmpty()) {
        terminated.signalAll();
      }
    } finally {
      lock.unlock();
    }
    monitor.shutdownNow();
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> left;
    lock.lock();
    try {
      shutdown();
      left = new ArrayList<>(queue);
      taken += queue.size();
      queue.clear();
      queued = 0;
      for (Worker w : workers) {
        w.thread.interrupt();
      }
    } finally {
      lock.unlock();
    }
    return left;
  }

  @Override
  public boolean isShutdown() {
    return locked(() -> shutdown ? 1 : 0) == 1;
  }

  @Override
  public boolean isTerminated() {
    return locked(() -> shutdown && workers.isEmpty() ? 1 : 0) == 1;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long left = unit.toNanos(timeout);
    lock.lock();
    try {
      while (!(shutdown && workers.isEmpty())) {
        if (left <= 0) {
          return false;
        }
        left = terminated.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
