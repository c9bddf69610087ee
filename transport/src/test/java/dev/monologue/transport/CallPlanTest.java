package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.Deadline;
import dev.monologue.runtime.CurrentCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which calls carry context: none unless options, interceptors or a handled call's deadline give them one. */
class CallPlanTest {
  private static final Duration DEFAULT = Duration.ofSeconds(15);

  @Test
  void aPlainCallHasNoContextAndSoNoExtraObjectOrField() {
    assertNull(CallPlan.of(null, List.of(), DEFAULT, "m", "p"));
    // inside a handler whose call came without a deadline, too
    CallContext previous = CurrentCall.enter(new ServedCall(null, "caller", "t", true, "outer", -1, null));
    try {
      assertNull(CallPlan.of(null, List.of(), DEFAULT, "m", "p"));
    } finally {
      CurrentCall.restore(previous);
    }
  }

  @Test
  void theEarlierOfTimeoutAndDeadlineApplies() {
    Deadline soon = Deadline.after(Duration.ofSeconds(2));
    CallPlan plan = CallPlan.of(CallOptions.builder().timeout(Duration.ofSeconds(30)).deadline(soon)
        .metadata("k", "v").build(), List.of(), DEFAULT, "m", "p");
    assertNotNull(plan);
    assertSame(soon, plan.deadline());
    assertTrue(plan.remainingMillis() <= 2_000, "remaining " + plan.remainingMillis());
    assertEquals(Map.of("k", "v"), plan.metadata());

    CallPlan byTimeout = CallPlan.of(CallOptions.builder().timeout(Duration.ofMillis(500)).build(), List.of(),
        DEFAULT, "m", "p");
    assertEquals(Duration.ofMillis(500), byTimeout.timeout());
    assertTrue(byTimeout.remainingMillis() <= 500);
  }

  @Test
  void optionsWithoutATimeOfTheirOwnTakeTheClientsTimeout() {
    CallPlan plan = CallPlan.of(CallOptions.builder().metadata("k", "v").build(), List.of(), DEFAULT, "m", "p");
    assertEquals(DEFAULT, plan.timeout());
    assertTrue(plan.remainingMillis() > 10_000 && plan.remainingMillis() <= 15_000);
  }
}
