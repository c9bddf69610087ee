package dev.monologue.relay;

import dev.monologue.wire.WarningBudget;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one more connection fits as it opens: under {@link ConnectionLimits#maxConnections} and with buffer memory
 * left ({@link BufferBudget}). Refusals are counted and logged, at a bounded rate.
 */
final class ConnectionCapacity {
  /** Logs under {@link WebSocketFront}'s name, the one operators know. */
  private static final Logger log = LoggerFactory.getLogger(WebSocketFront.class);
  /** A flood of refused sockets must not write a line each: at most one warning every 10 s. */
  private final WarningBudget refusedLog = new WarningBudget(TimeUnit.SECONDS.toNanos(10));
  private final ConnectionLimits limits;
  private final BufferBudget budget;
  private final OpenConnections open;
  private final RelayCounters counters;

  ConnectionCapacity(ConnectionLimits limits, BufferBudget budget, OpenConnections open, RelayCounters counters) {
    this.limits = limits;
    this.budget = budget;
    this.open = open;
    this.counters = counters;
  }

  /** Null when a connection from {@code remote} may open; else why not, counted and logged. */
  String refusal(Object remote) {
    String full = open.size() >= limits.maxConnections()
        ? "the relay has its maximum of " + limits.maxConnections() + " connections"
        : budget.wouldExceed(limits.maxFrameBytes()) ? "the relay's buffer memory is spent" : null;
    if (full != null) {
      if (open.size() >= limits.maxConnections()) {
        counters.refused(RelayCounters.Refusal.MAX_CONNECTIONS);
      }
      if (refusedLog.tryLog()) {
        log.warn("Refused a connection from {}: {} ({} such lines suppressed)", remote, full,
            refusedLog.takeSuppressed());
      }
    }
    return full;
  }
}
