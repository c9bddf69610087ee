package dev.monologue.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports, on the serving side, a call from an original JavaScript client (a REQ without the version marker) that
 * failed here. Such a caller cannot digest an ERR, so it gets nothing and times out, its own failure mode; this log
 * is where the failure shows. At most one warning a second, so that a caller in a loop cannot flood the log; the
 * next warning says how many were left out.
 */
final class OriginalCallerFailures {
  private static final Logger log = LoggerFactory.getLogger(OriginalCallerFailures.class);
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final LongSupplier nanoTime;
  private final Consumer<String> sink;
  private final AtomicLong nextAllowed;
  private final AtomicLong suppressed = new AtomicLong();

  /** Warnings timed on {@code nanoTime}, the client's clock. */
  OriginalCallerFailures(LongSupplier nanoTime) {
    this(nanoTime, log::warn);
  }

  OriginalCallerFailures(LongSupplier nanoTime, Consumer<String> sink) {
    this.nanoTime = nanoTime;
    this.sink = sink;
    this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
  }

  /** The call of {@code method} from {@code caller} failed with {@code code}: {@code message}. */
  void failed(String method, String caller, String code, String message) {
    long now = nanoTime.getAsLong();
    long allowed = nextAllowed.get();
    if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + INTERVAL_NANOS)) {
      suppressed.incrementAndGet();
      return;
    }
    long left = suppressed.getAndSet(0);
    sink.accept("The call of '" + method + "' from " + caller + " (an original JavaScript client: its request has"
        + " no version marker) failed with " + code + ": " + message + ". It was sent nothing, as it cannot read an"
        + " ERR; its call times out and resolves undefined." + (left > 0 ? " (" + left
        + " more such failures in the last interval were not logged.)" : ""));
  }
}
