package dev.monologue.relay;

import dev.monologue.wire.LogKeys;
import org.slf4j.MDC;

/**
 * Tags the log lines the current thread writes about one connection (the front's and the router's, which runs on
 * the same thread) with its ID under the MDC key {@value LogKeys#CONNECTION_ID}, from {@link #enter} to
 * {@link #close}, which puts back what was there before.
 */
final class ConnectionLogContext implements AutoCloseable {
  private final String previous;

  private ConnectionLogContext(String previous) {
    this.previous = previous;
  }

  /** {@code id} is one the relay made: no line break or other character to sanitize. */
  static ConnectionLogContext enter(String id) {
    String previous = MDC.get(LogKeys.CONNECTION_ID);
    MDC.put(LogKeys.CONNECTION_ID, id);
    return new ConnectionLogContext(previous);
  }

  @Override
  public void close() {
    if (previous == null) {
      MDC.remove(LogKeys.CONNECTION_ID);
    } else {
      MDC.put(LogKeys.CONNECTION_ID, previous);
    }
  }
}
