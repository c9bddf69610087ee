package dev.monologue;

import java.util.Objects;

/**
 * What one member of a group returned to a {@link Monologue#callAll callAll}: its value, or the typed failure of
 * its call (it threw, it is gone, it did not answer within the timeout).
 *
 * @param member the member that was called, by ID (its names are not looked up for a {@code callAll}: use
 *     {@link Monologue#members})
 * @param value its result when it succeeded (may be null)
 * @param failure why its call failed, or null when it succeeded
 * @param <R> the result type
 */
public record CallOutcome<R>(GroupMember member, R value, MonologueException failure) {
  /** Checks that the member is given. */
  public CallOutcome {
    Objects.requireNonNull(member, "member == null");
  }

  /** Whether the member returned a value. */
  public boolean succeeded() {
    return failure == null;
  }
}
