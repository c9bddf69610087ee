package dev.monologue.relay.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What became of a claim: granted (perhaps taking the name from {@code previousHolder}), or refused because a live
 * connection has held it for {@code heldFor}. The refusal never carries the holder's ID.
 */
public record ClaimOutcome(boolean granted, String previousHolder, Duration heldFor) {
  public ClaimOutcome {
    Objects.requireNonNull(heldFor, "heldFor == null");
  }

  public static ClaimOutcome granted(String previousHolder) {
    return new ClaimOutcome(true, previousHolder, Duration.ZERO);
  }

  public static ClaimOutcome refused(Duration heldFor) {
    return new ClaimOutcome(false, null, heldFor);
  }
}
