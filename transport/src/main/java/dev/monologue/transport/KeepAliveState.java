package dev.monologue.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What one connection's keep-alive waits for and has seen: its timer, whether a keep-alive awaits its answer, and
 * the keep-alives sent, echoed and answered by a throttle frame. Told by {@link KeepAlive}, the dispatcher and
 * {@link ThrottleFrames} through methods that say what happened, on the client's clock.
 */
final class KeepAliveState {
  private final LongSupplier clock;
  private final AtomicInteger echoes = new AtomicInteger();
  /** Keep-alives a throttle frame was matched to: answered by API Gateway, so the connection is alive. */
  private final AtomicInteger throttled = new AtomicInteger();
  /** A keep-alive went out and neither its echo nor a throttle frame has answered it yet. */
  private final AtomicBoolean awaited = new AtomicBoolean();
  /** When the last keep-alive went out, on {@link #clock}. */
  private volatile long sentNanos;
  private final AtomicInteger sent = new AtomicInteger();
  /** Guarded by {@link #timerLock}: one keep-alive timer per connection, however many reschedule it at once. */
  private ScheduledFuture<?> timer;
  private final Object timerLock = new Object();

  KeepAliveState(LongSupplier clock) {
    this.clock = clock;
  }

  /** Replaces the keep-alive timer with the one {@code next} schedules (null: none), cancelling the previous. */
  void replaceTimer(Supplier<ScheduledFuture<?>> next) {
    synchronized (timerLock) {
      if (timer != null) {
        timer.cancel(false);
      }
      timer = next.get();
    }
  }

  /** Cancels the keep-alive timer, if there is one. */
  void stopTimer() {
    ScheduledFuture<?> t;
    synchronized (timerLock) {
      t = timer;
    }
    if (t != null) {
      t.cancel(false);
    }
  }

  /**
   * A keep-alive is about to go out, now: from here it waits for an answer. Returns the answers counted so far, for
   * {@link #answeredSince}.
   */
  int sending() {
    int answers = echoes.get() + throttled.get();
    sentNanos = clock.getAsLong();
    awaited.set(true);
    return answers;
  }

  /** The keep-alive went out. */
  void sent() {
    sent.incrementAndGet();
  }

  /** Whether an answer (its echo, or a throttle frame matched to it) came since {@link #sending} said so. */
  boolean answeredSince(int answers) {
    return echoes.get() + throttled.get() != answers;
  }

  /** The relay answered this connection's keep-alive. */
  void answered() {
    awaited.set(false);
    echoes.incrementAndGet();
  }

  /**
   * A throttle frame arrived. It answers the keep-alive waiting for its answer, if there is one and {@code newest}
   * says it was the newest message of those waiting (given when it went out): true then.
   */
  boolean answeredByThrottle(LongPredicate newest) {
    if (!awaited.get() || !newest.test(sentNanos) || !awaited.compareAndSet(true, false)) {
      return false;
    }
    throttled.incrementAndGet();
    return true;
  }

  /** Keep-alives a throttle frame answered. */
  int throttled() {
    return throttled.get();
  }

  /** Keep-alives sent, and answers echoed. */
  int[] counts() {
    return new int[] {sent.get(), echoes.get()};
  }
}
