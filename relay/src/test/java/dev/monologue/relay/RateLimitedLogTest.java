package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
  private static final Logger log = LoggerFactory.getLogger(RateLimitedLogTest.class);

  @Test
  void oneLinePerIntervalTheRestCounted() {
    RateLimitedLog limited = new RateLimitedLog(TimeUnit.HOURS.toNanos(1));
    for (int i = 0; i < 10_000; i++) {
      limited.warn(log, "flood line {}", i);
    }
    assertEquals(9_999, limited.suppressed(), "one line went out, the rest were counted");
  }

  @Test
  void aLineGoesOutAgainOnceTheIntervalPassed() throws InterruptedException {
    RateLimitedLog limited = new RateLimitedLog(TimeUnit.MILLISECONDS.toNanos(1));
    limited.warn(log, "first");
    limited.warn(log, "held back");
    assertEquals(1, limited.suppressed());
    TimeUnit.MILLISECONDS.sleep(5); // the interval itself, not synchronization
    limited.warn(log, "second");
    assertEquals(0, limited.suppressed(), "the next line reports and resets the count");
  }
}
