package dev.monologue.transport;

import dev.monologue.ConnectionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link ConnectionListener}s of drops and reconnects, in order, on one thread of its own (started on
 * demand), so that a slow listener never holds up the socket or the timers. Also runs the client's other
 * occasional work that may block briefly, such as closing a retired socket.
 */
final class ConnectionEvents {
  private static final Logger log = LoggerFactory.getLogger(ConnectionEvents.class);

  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService thread;

  ConnectionEvents(List<ConnectionListener> initial) {
    listeners.addAll(initial);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        DaemonThreads.named("monologue-events-"));
    pool.allowCoreThreadTimeOut(true);
    this.thread = pool;
  }

  void add(ConnectionListener listener) {
    listeners.add(listener);
  }

  boolean remove(ConnectionListener listener) {
    return listeners.remove(listener);
  }

  void disconnected(String oldId, Throwable reason) {
    tell("onDisconnected", l -> l.onDisconnected(oldId, reason));
  }

  void reconnected(String oldId, String newId) {
    tell("onReconnected", l -> l.onReconnected(oldId, newId));
  }

  void reconnectFailed(String oldId, int attempts, Throwable lastError) {
    tell("onReconnectFailed", l -> l.onReconnectFailed(oldId, attempts, lastError));
  }

  /** Runs {@code task} on the events thread; drops it, logged, once the client is closed. */
  void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("The client is closed; skipping {}", task);
    }
  }

  private void tell(String event, Consumer<ConnectionListener> call) {
    for (ConnectionListener l : listeners) {
      run(() -> {
        try {
          call.accept(l);
        } catch (RuntimeException e) {
          log.warn("ConnectionListener {} threw from {}", l, event, e);
        }
      });
    }
  }

  /** Lets queued events run, then ends the thread. */
  void shutdown() {
    thread.shutdown();
  }
}
