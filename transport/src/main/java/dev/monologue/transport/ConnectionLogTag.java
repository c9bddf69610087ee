package dev.monologue.transport;

import dev.monologue.wire.LogKeys;
import org.slf4j.MDC;

/**
 * Tags the lines the reader thread logs while it handles one connection's frame, close or error (the dispatcher's,
 * the pending calls', the keep-alive's) with the connection's ID, once the relay told it, under the MDC key
 * {@value LogKeys#CONNECTION_ID}.
 */
final class ConnectionLogTag {
  private ConnectionLogTag() {}

  /** Tags with {@code connectionId} unless null; returns what was there, for {@link #untag}. */
  static String tag(String connectionId) {
    String previous = MDC.get(LogKeys.CONNECTION_ID);
    if (connectionId != null) {
      MDC.put(LogKeys.CONNECTION_ID, connectionId);
    }
    return previous;
  }

  /** Puts back what {@link #tag} found. */
  static void untag(String previous) {
    if (previous == null) {
      MDC.remove(LogKeys.CONNECTION_ID);
    } else {
      MDC.put(LogKeys.CONNECTION_ID, previous);
    }
  }
}
