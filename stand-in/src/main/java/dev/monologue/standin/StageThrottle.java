package dev.monologue.standin;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The stage's route throttle ({@code ThrottlingRateLimit}, {@code ThrottlingBurstLimit} in the stage's
 * {@code DefaultRouteSettings}): one token bucket for every inbound message of every connection, as API Gateway
 * keeps it. A full bucket holds {@code burst} messages; it refills at {@code ratePerSecond}. Counts what it throttled.
 */
final class StageThrottle {
  private double perNano;
  private double burst;
  private final AtomicLong throttled = new AtomicLong();
  private double tokens;
  private long refilledAt;

  StageThrottle(double ratePerSecond, int burst, long nowNanos) {
    this.perNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = nowNanos;
  }

  /** Whether a message arriving at {@code nowNanos} passes; false (and counted) when it is throttled. */
  boolean admit(long nowNanos) {
    synchronized (this) {
      long elapsed = nowNanos - refilledAt;
      if (elapsed > 0) {
        tokens = Math.min(burst, tokens + elapsed * perNano);
        refilledAt = nowNanos;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
    }
    throttled.incrementAndGet();
    return false;
  }

  /** The stage's limits changed (as {@code UpdateStage} changes them): a full bucket of the new size. */
  synchronized void update(double ratePerSecond, int burst, long nowNanos) {
    this.perNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = nowNanos;
  }

  /** How many messages it throttled so far. */
  long throttled() {
    return throttled.get();
  }
}
