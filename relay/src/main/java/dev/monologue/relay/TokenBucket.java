package dev.monologue.relay;

/**
 * One connection's message rate limit: {@code burst} messages at once, refilled at {@code perSecond}. Called from
 * the connection's own socket thread, so the lock is practically never contended.
 */
final class TokenBucket {
  private final double perNano;
  private final double burst;
  private double tokens;
  private long refilledAt;

  TokenBucket(double perSecond, int burst, long nowNanos) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = nowNanos;
  }

  /** Takes one token if there is one. */
  synchronized boolean tryTake(long nowNanos) {
    long elapsed = nowNanos - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * perNano);
      refilledAt = nowNanos;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
