package dev.monologue.relay.aws;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * The random part of retry backoff, reseeded after a SnapStart restore: every execution environment resumed from
 * one snapshot would otherwise draw the same delays and retry in step (which is what jitter is there to prevent).
 * Seeds come from {@link SecureRandom}, which draws on the operating system's entropy at the time of the call.
 */
final class Jitter {
  private SplittableRandom random;
  private long seed;

  Jitter() {
    reseed();
  }

  /** Starts a new sequence from fresh entropy; called after a restore. */
  synchronized void reseed() {
    seed = new SecureRandom().nextLong();
    random = new SplittableRandom(seed);
  }

  /** A delay in {@code [0, ceilingMillis]}. */
  synchronized long millis(long ceilingMillis) {
    return random.nextLong(ceilingMillis + 1);
  }

  /** The current sequence's seed, so a test can see that a restore changed it. */
  synchronized long seed() {
    return seed;
  }
}
