package dev.monologue.relay.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * The time bounds of one {@code PostToConnection} (or any management API call) and how throttled (429) or failed
 * (5xx) posts are retried: each try is bounded by {@code attemptTimeout} (connecting included), at most
 * {@code maxAttempts} tries with full-jitter exponential backoff from {@code baseDelay} capped at {@code maxDelay},
 * and no new try once {@code budget} has passed since the first began.
 *
 * <p>The budget, written down: one post takes at most {@link #worstCase()} = budget + attemptTimeout (the last try
 * may start just before the budget ends). With {@link #DEFAULT}, 1 s + 1 s = 2 s. Routing one frame makes at most
 * two posts in a row (the delivery, then an error frame back to its sender), 4 s, well inside the WebSocket
 * function's 10 s timeout (template.yaml; TemplateTest checks the two together). The queue function stops taking
 * records once less than {@code worstCase()} plus a margin remains (QueueHandler).
 *
 * <p>Short on purpose: a sender waiting on a reply is better told {@code THROTTLED} or {@code DELIVERY_FAILED} at
 * once than made to wait for its own timeout.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budget,
    Duration attemptTimeout) {
  /** 3 tries, each within 1 s, none started after 1 s: a post ends within 2 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(25), Duration.ofMillis(120),
      Duration.ofSeconds(1), Duration.ofSeconds(1));

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay == null");
    Objects.requireNonNull(maxDelay, "maxDelay == null");
    Objects.requireNonNull(budget, "budget == null");
    Objects.requireNonNull(attemptTimeout, "attemptTimeout == null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || budget.isNegative()) {
      throw new IllegalArgumentException(
          "need 0 <= baseDelay <= maxDelay and budget >= 0, was " + baseDelay + ", " + maxDelay + ", " + budget);
    }
    if (attemptTimeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("attemptTimeout must be at least 1 ms, was " + attemptTimeout);
    }
  }

  /** The upper bound of the random delay before try {@code attempt + 1} (attempt counts from 1). */
  public Duration delayCeiling(int attempt) {
    long millis = baseDelay.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }

  /** The longest one post can take, all tries and pauses included: {@code budget + attemptTimeout}. */
  public Duration worstCase() {
    return budget.plus(attemptTimeout);
  }
}
