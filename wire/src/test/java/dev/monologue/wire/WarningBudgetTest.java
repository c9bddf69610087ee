package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarningBudgetTest {
  @Test
  void oneLinePerIntervalTheRestCounted() {
    WarningBudget budget = new WarningBudget(TimeUnit.HOURS.toNanos(1));
    int logged = 0;
    for (int i = 0; i < 10_000; i++) {
      if (budget.tryLog()) {
        logged++;
      }
    }
    assertEquals(1, logged);
    assertEquals(9_999, budget.suppressed(), "one line went out, the rest were counted");
  }

  @Test
  void aLineGoesOutAgainOnceTheIntervalPassedAndReportsTheSuppressed() {
    AtomicLong now = new AtomicLong(1_000);
    WarningBudget budget = new WarningBudget(TimeUnit.SECONDS.toNanos(10), now::get);
    assertTrue(budget.tryLog());
    now.addAndGet(TimeUnit.SECONDS.toNanos(10) - 1);
    assertFalse(budget.tryLog());
    now.addAndGet(1);
    assertTrue(budget.tryLog());
    assertEquals(1, budget.takeSuppressed());
    assertEquals(0, budget.suppressed());
  }
}
