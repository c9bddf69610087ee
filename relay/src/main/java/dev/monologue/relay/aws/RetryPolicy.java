package dev.monologue.relay.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a handler keeps trying a {@code postToConnection} that API Gateway throttled (429) or failed (5xx):
 * at most {@code maxAttempts} tries, full-jitter exponential backoff from {@code baseDelay} capped at
 * {@code maxDelay}, and no new try once {@code budget} has passed. Short on purpose: a sender waiting on a reply
 * is better told {@code THROTTLED} at once than made to wait for its own timeout.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget) {
  /** 3 tries within about 300 ms. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(25), Duration.ofMillis(120), Duration.ofMillis(300));

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay == null");
    Objects.requireNonNull(maxDelay, "maxDelay == null");
    Objects.requireNonNull(budget, "budget == null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || budget.isNegative()) {
      throw new IllegalArgumentException(
          "need 0 <= baseDelay <= maxDelay and budget >= 0, was " + baseDelay + ", " + maxDelay + ", " + budget);
    }
  }

  /** The upper bound of the random delay before try {@code attempt + 1} (attempt counts from 1). */
  public Duration delayCeiling(int attempt) {
    long millis = baseDelay.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }
}
