package dev.monologue.relay;

import dev.monologue.wire.ErrorCode;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the relay counts as it works, for its metrics and status page: plain {@link LongAdder}s bumped on the routing
 * path (no allocation, no lock, nothing that knows who reads them), read by whoever scrapes. One instance per relay,
 * owned by its socket front.
 */
final class RelayCounters {
  /** Why a WebSocket handshake was refused; {@link #label()} is the metric's {@code reason} tag. */
  enum Refusal {
    MISSING_API_KEY,
    WRONG_API_KEY,
    CONNECTION_RATE,
    MAX_CONNECTIONS;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  final LongAdder opened = new LongAdder();
  final LongAdder messagesIn = new LongAdder();
  final LongAdder messagesOut = new LongAdder();
  /** Messages the relay routed but could not deliver: the target was gone, overloaded, or the frame too large. */
  final LongAdder dropped = new LongAdder();
  /** Messages refused over a connection's rate limit. */
  final LongAdder throttled = new LongAdder();
  /** Socket bytes of connections already closed; open ones are added when read. */
  final LongAdder closedBytesIn = new LongAdder();
  final LongAdder closedBytesOut = new LongAdder();
  private final LongAdder[] refusals = adders(Refusal.values().length);
  private final LongAdder[] errors = adders(ErrorCode.values().length);

  void refused(Refusal reason) {
    refusals[reason.ordinal()].increment();
  }

  long refusals(Refusal reason) {
    return refusals[reason.ordinal()].sum();
  }

  void error(ErrorCode code) {
    errors[code.ordinal()].increment();
  }

  long errors(ErrorCode code) {
    return errors[code.ordinal()].sum();
  }

  /** Relay errors of every code. */
  long errors() {
    long sum = 0;
    for (LongAdder a : errors) {
      sum += a.sum();
    }
    return sum;
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] out = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      out[i] = new LongAdder();
    }
    return out;
  }
}
