package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OriginalCallerFailuresTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<String> logged = new ArrayList<>();
  private final OriginalCallerFailures failures = new OriginalCallerFailures(now::get, logged::add);

  @Test
  void namesTheMethodTheCallerAndTheFailure() {
    failures.failed("greet", "abc=", "HANDLER_FAILED", "broken on purpose");
    assertEquals(1, logged.size());
    String line = logged.get(0);
    assertTrue(line.contains("'greet'") && line.contains("abc=") && line.contains("HANDLER_FAILED")
        && line.contains("broken on purpose"), line);
  }

  @Test
  void atMostOneWarningASecondAndTheNextCountsTheOnesLeftOut() {
    for (int i = 0; i < 1000; i++) {
      failures.failed("m" + i, "caller", "NO_SUCH_METHOD", "nothing registered");
    }
    assertEquals(1, logged.size());
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
    failures.failed("late", "caller", "NO_SUCH_METHOD", "nothing registered");
    assertEquals(1, logged.size());
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    failures.failed("next", "caller", "NO_SUCH_METHOD", "nothing registered");
    assertEquals(2, logged.size());
    assertTrue(logged.get(1).contains("'next'") && logged.get(1).contains("1000 more"), logged.get(1));
  }
}
