package dev.monologue.transport;

import dev.monologue.TooManyCallsException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Bounds the calls awaiting replies ({@code MonologueOptions.maxCallsInFlight}). */
final class CallSlots {
  private final Semaphore slots;
  private final int limit;
  private final boolean wait;

  CallSlots(int limit, boolean wait) {
    this.slots = new Semaphore(limit);
    this.limit = limit;
    this.wait = wait;
  }

  /**
   * Takes a slot for a call of {@code method} on {@code peer}, waiting up to {@code timeoutNanos} when so
   * configured.
   *
   * @throws TooManyCallsException when no slot is free (in time)
   */
  void acquire(String method, String peer, long timeoutNanos) {
    boolean got;
    if (!wait) {
      got = slots.tryAcquire();
    } else {
      try {
        got = slots.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        got = false;
      }
    }
    if (!got) {
      throw new TooManyCallsException(method, peer, limit);
    }
  }

  void release() {
    slots.release();
  }

  int inUse() {
    return limit - slots.availablePermits();
  }
}
