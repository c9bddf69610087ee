package dev.monologue.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The processes and clients a contender started, in order: closed in the reverse order, also when a later one fails
 * to start, so that a failed start leaves no process behind.
 */
final class StartedParts {
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  /** Adds {@code part}, started last, and returns it. */
  <T extends AutoCloseable> T add(T part) {
    parts.push(part);
    return part;
  }

  /** Closes every part, the last started first; the first failure is thrown once all were tried. */
  void close() {
    RuntimeException failure = null;
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing a benchmark process failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
