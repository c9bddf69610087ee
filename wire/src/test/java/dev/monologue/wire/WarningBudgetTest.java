package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
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
  void aLineGoesOutAgainOnceTheIntervalPassedAndReportsTheSuppressed() throws InterruptedException {
    WarningBudget budget = new WarningBudget(TimeUnit.MILLISECONDS.toNanos(1));
    assertTrue(budget.tryLog());
    assertFalse(budget.tryLog());
    TimeUnit.MILLISECONDS.sleep(5); // the interval itself, not synchronization
    assertTrue(budget.tryLog());
    assertEquals(1, budget.takeSuppressed());
    assertEquals(0, budget.suppressed());
  }
}
