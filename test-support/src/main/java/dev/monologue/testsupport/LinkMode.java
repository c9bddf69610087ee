package dev.monologue.testsupport;

import java.time.Duration;

/** What a proxied connection does with the bytes it reads: pass them, pass them late, or swallow them. */
record LinkMode(boolean blackHole, long delayNanos) {
  static final LinkMode PASS = new LinkMode(false, 0);
  static final LinkMode BLACK_HOLE = new LinkMode(true, 0);

  static LinkMode delayed(Duration oneWay) {
    if (oneWay.isNegative()) {
      throw new IllegalArgumentException("delay < 0: " + oneWay);
    }
    return new LinkMode(false, oneWay.toNanos());
  }
}
