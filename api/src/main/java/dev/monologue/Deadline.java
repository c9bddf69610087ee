package dev.monologue;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in time by which a call must be answered, on this machine's monotonic clock ({@link System#nanoTime()}).
 * It travels to the callee as the time left, never as a wall-clock instant, so machines need no common clock.
 */
public final class Deadline implements Comparable<Deadline> {
  private final long nanoTime;

  private Deadline(long nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The deadline {@code timeout} from now. */
  public static Deadline after(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    return new Deadline(System.nanoTime() + saturatedNanos(timeout));
  }

  /** The deadline at {@code nanoTime}, as {@link System#nanoTime()} gives it. */
  public static Deadline atNanoTime(long nanoTime) {
    return new Deadline(nanoTime);
  }

  /** The deadline as {@link System#nanoTime()} gives it. */
  public long nanoTime() {
    return nanoTime;
  }

  /** The time left, {@link Duration#ZERO} once passed. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, remainingNanos()));
  }

  /** The time left in nanoseconds; negative once passed. */
  public long remainingNanos() {
    return nanoTime - System.nanoTime();
  }

  /** Whether the deadline has passed. */
  public boolean isExpired() {
    return remainingNanos() <= 0;
  }

  /** The earlier of this deadline and {@code other}. */
  public Deadline earlier(Deadline other) {
    Objects.requireNonNull(other, "other == null");
    return compareTo(other) <= 0 ? this : other;
  }

  @Override
  public int compareTo(Deadline other) {
    return Long.compare(nanoTime - other.nanoTime, 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Deadline d && d.nanoTime == nanoTime;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(nanoTime);
  }

  @Override
  public String toString() {
    return "Deadline{in " + remaining().toMillis() + " ms}";
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }
}
