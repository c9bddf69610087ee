package dev.monologue;

import java.util.Map;
import java.util.Objects;

/**
 * What one member of a group returned to a {@link Monologue#callAll callAll}: its value, or the typed failure of
 * its call (it threw, it is gone, it did not answer within the timeout), and the trailers its reply carried.
 *
 * @param member the member that was called, by ID (its names are not looked up for a {@code callAll}: use
 *     {@link Monologue#members})
 * @param value its result when it succeeded (may be null)
 * @param failure why its call failed, or null when it succeeded
 * @param trailers the trailers of its reply ({@link CallContext#trailer}); empty when none came, or no reply did
 * @param <R> the result type
 */
public record CallOutcome<R>(GroupMember member, R value, MonologueException failure, Map<String, String> trailers) {
  /** Checks that the member is given, and keeps an unmodifiable copy of the trailers (null: none). */
  public CallOutcome {
    Objects.requireNonNull(member, "member == null");
    trailers = trailers == null ? Map.of() : Map.copyOf(trailers);
  }

  /** An outcome without trailers. */
  public CallOutcome(GroupMember member, R value, MonologueException failure) {
    this(member, value, failure, Map.of());
  }

  /** Whether the member returned a value. */
  public boolean succeeded() {
    return failure == null;
  }
}
