package dev.monologue.standin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, as the stand-in's parts see it happen, what AWS bills: each invocation and its duration (FunctionRuntime),
 * each client message and each post to a connection (the API Gateway stand-in, the {@code @connections} API), each
 * closed connection's time, and DynamoDB request units ({@link DynamoCapacityMeter}). Thread-safe; {@link #usage()}
 * is a snapshot.
 */
final class BillingMeter {
  /** API Gateway meters WebSocket messages in 32 KB increments. */
  static final int MESSAGE_INCREMENT_BYTES = 32 * 1024;

  private final LongAdder invocations = new LongAdder();
  private final LongAdder billedMillis = new LongAdder();
  private final LongAdder inbound = new LongAdder();
  private final LongAdder outbound = new LongAdder();
  private final LongAdder connectionMillis = new LongAdder();
  private final DoubleAdder readUnits = new DoubleAdder();
  private final DoubleAdder writeUnits = new DoubleAdder();

  /** One invocation that ran {@code nanos}; Lambda rounds each up to the millisecond. */
  void invocation(long nanos) {
    invocations.increment();
    billedMillis.add(Math.max(1, (nanos + TimeUnit.MILLISECONDS.toNanos(1) - 1) / TimeUnit.MILLISECONDS.toNanos(1)));
  }

  /** A text frame a client sent. */
  void inbound(String frame) {
    inbound.add(increments(utf8Length(frame)));
  }

  /** A message of {@code bytes} posted to a connection. */
  void outbound(int bytes) {
    outbound.add(increments(bytes));
  }

  /** A connection that was open for {@code open} closed. */
  void connectionClosed(Duration open) {
    connectionMillis.add(Math.max(0, open.toMillis()));
  }

  void read(double units) {
    readUnits.add(units);
  }

  void write(double units) {
    writeUnits.add(units);
  }

  Usage usage() {
    return new Usage(invocations.sum(), billedMillis.sum(), inbound.sum(), outbound.sum(), connectionMillis.sum(),
        readUnits.sum(), writeUnits.sum());
  }

  /** A message's billed count: one per 32 KB started, at least one. */
  static long increments(long bytes) {
    return Math.max(1, (bytes + MESSAGE_INCREMENT_BYTES - 1) / MESSAGE_INCREMENT_BYTES);
  }

  private static long utf8Length(String s) {
    // exact only past one increment matters; short frames (nearly all) skip the encoding
    return s.length() * 3L <= MESSAGE_INCREMENT_BYTES ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
