package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stage's token bucket, on a given clock. */
class StageThrottleTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aFullBucketPassesTheBurstThenTheSteadyRate() {
    long t = 1_000;
    StageThrottle throttle = new StageThrottle(10, 5, t);
    for (int i = 0; i < 5; i++) {
      assertTrue(throttle.admit(t), "message " + i + " of the burst");
    }
    assertFalse(throttle.admit(t), "the sixth at once is throttled");
    assertEquals(1, throttle.throttled());
    // over 3 s at 10 a second, 30 messages pass, one every 100 ms; twice as many are throttled
    int passed = 0;
    for (int i = 1; i <= 90; i++) {
      if (throttle.admit(t + i * SECOND / 30)) {
        passed++;
      }
    }
    assertEquals(30, passed);
    assertEquals(61, throttle.throttled());
  }

  @Test
  void anIdleBucketRefillsOnlyToTheBurst() {
    StageThrottle throttle = new StageThrottle(100, 3, 0);
    long later = 60 * SECOND;
    int passed = 0;
    for (int i = 0; i < 10; i++) {
      passed += throttle.admit(later) ? 1 : 0;
    }
    assertEquals(3, passed, "a minute idle fills the bucket to its size, no more");
  }

  @Test
  void anUpdateStartsAFullBucketAtTheNewLimits() {
    StageThrottle throttle = new StageThrottle(0.001, 1, 0);
    assertTrue(throttle.admit(0));
    assertFalse(throttle.admit(1));
    throttle.update(1000, 4, 2);
    int passed = 0;
    for (int i = 0; i < 10; i++) {
      passed += throttle.admit(2) ? 1 : 0;
    }
    assertEquals(4, passed);
  }
}
