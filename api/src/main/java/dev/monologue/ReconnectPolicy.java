package dev.monologue;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client reconnects after its connection to the relay drops: exponential backoff with jitter, bounded by a
 * maximum delay and, optionally, a number of attempts. Immutable; {@link #defaults()} is on by default,
 * {@link #disabled()} turns reconnecting off.
 *
 * <p>The wait before attempt {@code n} (1-based) is {@code min(maxDelay, initialDelay * 2^(n-1))}, of which the
 * {@code jitter} fraction is random: with jitter 0.5 the wait lies between half and all of that value, so that
 * clients dropped together do not all come back at the same moment.
 */
public final class ReconnectPolicy {
  /** Default wait before the first attempt. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(250);
  /** Default longest wait between attempts. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
  /** Default random fraction of each wait. */
  public static final double DEFAULT_JITTER = 0.5;
  /** {@link Builder#maxAttempts(int)} value meaning: never give up. */
  public static final int UNLIMITED = 0;

  private static final ReconnectPolicy DISABLED = new ReconnectPolicy(false, DEFAULT_INITIAL_DELAY,
      DEFAULT_MAX_DELAY, DEFAULT_JITTER, UNLIMITED);
  private static final ReconnectPolicy DEFAULTS = new ReconnectPolicy(true, DEFAULT_INITIAL_DELAY,
      DEFAULT_MAX_DELAY, DEFAULT_JITTER, UNLIMITED);

  private final boolean enabled;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double jitter;
  private final int maxAttempts;

  private ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, double jitter,
      int maxAttempts) {
    this.enabled = enabled;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.jitter = jitter;
    this.maxAttempts = maxAttempts;
  }

  /** Reconnect forever, 250 ms after the drop at first, then doubling up to 30 s, half of each wait random. */
  public static ReconnectPolicy defaults() {
    return DEFAULTS;
  }

  /** Never reconnect on its own: after a drop, calls fail with {@link NotConnectedException} until connect(). */
  public static ReconnectPolicy disabled() {
    return DISABLED;
  }

  /** A builder with the default delays and jitter. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the client reconnects after a drop. */
  public boolean enabled() {
    return enabled;
  }

  /** The delay before the first attempt. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** The longest delay between attempts, which the doubling delay stops at. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** The random fraction of each wait, 0 (none) to 1 (anywhere between zero and the full wait). */
  public double jitter() {
    return jitter;
  }

  /** How many attempts before giving up, or {@link #UNLIMITED}. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Whether attempt {@code attempt} (1-based) may be made. */
  public boolean allows(int attempt) {
    return enabled && attempt >= 1 && (maxAttempts == UNLIMITED || attempt <= maxAttempts);
  }

  /**
   * The wait before attempt {@code attempt} (1-based), {@code random} being uniform in [0, 1).
   *
   * @throws IllegalArgumentException if {@code attempt < 1}
   */
  public Duration delayBefore(int attempt, double random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    long initial = initialDelay.toNanos();
    long max = maxDelay.toNanos();
    // Double until the cap; 62 doublings overflow a long, the cap is reached long before.
    long base = initial;
    for (int i = 1; i < attempt && base < max; i++) {
      base = base > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : base * 2;
    }
    base = Math.min(base, max);
    double r = Math.min(1.0, Math.max(0.0, random));
    return Duration.ofNanos((long) (base * (1.0 - jitter + jitter * r)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReconnectPolicy p && enabled == p.enabled && initialDelay.equals(p.initialDelay)
        && maxDelay.equals(p.maxDelay) && jitter == p.jitter && maxAttempts == p.maxAttempts;
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, initialDelay, maxDelay, jitter, maxAttempts);
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "ReconnectPolicy{disabled}";
    }
    return "ReconnectPolicy{initialDelay=" + initialDelay + ", maxDelay=" + maxDelay + ", jitter=" + jitter
        + ", maxAttempts=" + (maxAttempts == UNLIMITED ? "unlimited" : maxAttempts) + "}";
  }

  /** Builds an enabled {@link ReconnectPolicy}; starts from {@link #defaults()}, validates in {@link #build()}. */
  public static final class Builder {
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double jitter = DEFAULT_JITTER;
    private int maxAttempts = UNLIMITED;

    private Builder() {}

    /** The delay before the first attempt. */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay == null");
      return this;
    }

    /** The longest delay between attempts. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay == null");
      return this;
    }

    /** The fraction, from 0 to 1, by which each delay varies at random. */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Attempts before giving up after one drop; {@link #UNLIMITED} (the default) never gives up. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The policy; throws {@code IllegalArgumentException} naming the setting that does not fit. */
    public ReconnectPolicy build() {
      if (initialDelay.isNegative()) {
        throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
      }
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay (" + maxDelay + ") must be at least initialDelay (" + initialDelay + ")");
      }
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
      }
      if (maxAttempts < 0) {
        throw new IllegalArgumentException(
            "maxAttempts must be positive, or ReconnectPolicy.UNLIMITED (0), was " + maxAttempts);
      }
      return new ReconnectPolicy(true, initialDelay, maxDelay, jitter, maxAttempts);
    }
  }
}
