package dev.monologue.transport;

import dev.monologue.wire.WarningBudget;
import java.util.Arrays;
import org.slf4j.Logger;

/**
 * Warnings about what a peer or the relay sent (a frame that is not JSON, a reply from the wrong machine, a flood of
 * calls): at most one line per {@link WarningBudget#DEFAULT_INTERVAL_NANOS}, each saying how many like it were held
 * back, so that a hostile peer cannot make this client write a line per frame.
 */
final class PeerWarnings {
  private final Logger log;
  private final WarningBudget budget = new WarningBudget(WarningBudget.DEFAULT_INTERVAL_NANOS);

  PeerWarnings(Logger log) {
    this.log = log;
  }

  /** Logs at WARN within the budget; a trailing {@link Throwable} argument stays the logged exception. */
  void warn(String format, Object... args) {
    if (!log.isWarnEnabled() || !budget.tryLog()) {
      return;
    }
    long held = budget.takeSuppressed();
    if (held == 0) {
      log.warn(format, args);
      return;
    }
    boolean thrown = args.length > 0 && args[args.length - 1] instanceof Throwable;
    Object[] withCount = Arrays.copyOf(args, args.length + 1);
    if (thrown) {
      withCount[args.length] = args[args.length - 1];
      withCount[args.length - 1] = held;
    } else {
      withCount[args.length] = held;
    }
    log.warn(format + " ({} like it suppressed)", withCount);
  }
}
