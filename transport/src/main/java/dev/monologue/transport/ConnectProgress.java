package dev.monologue.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * How far one connection's connect got: when its WebSocket opened and how many frames arrived before its ID, on the
 * client's clock, to say where a connect that did not finish stuck.
 */
final class ConnectProgress {
  private final LongSupplier clock;
  private final long createdNanos;
  /** When the WebSocket opened (0: not yet). */
  private volatile long openedNanos;
  private final AtomicInteger framesBeforeId = new AtomicInteger();

  ConnectProgress(LongSupplier clock, long createdNanos) {
    this.clock = clock;
    this.createdNanos = createdNanos;
  }

  /** The WebSocket opened. */
  void opened() {
    openedNanos = clock.getAsLong() | 1; // never 0
  }

  /** A frame arrived before the relay told the ID. */
  void frameBeforeId() {
    framesBeforeId.incrementAndGet();
  }

  /**
   * Where an unfinished connect stands, for its failure message: {@code identified} when the relay told the ID,
   * {@code throttled} the throttle frames API Gateway sent.
   */
  String stuckAt(boolean identified, int throttled) {
    long opened = openedNanos;
    if (opened == 0) {
      return "the WebSocket handshake did not complete";
    }
    String open = "the WebSocket opened after " + TimeUnit.NANOSECONDS.toMillis(opened - createdNanos)
        + " ms and whoami was sent; ";
    if (identified) {
      return open + "the relay told the ID, but did not answer the claims of this machine's names";
    }
    int frames = framesBeforeId.get();
    if (throttled > 0) {
      return open + "API Gateway throttled " + throttled + " of this machine's messages (the stage's"
          + " ThrottlingRateLimit and ThrottlingBurstLimit, or the account's quota): connect again later, or raise them";
    }
    return open + (frames == 0 ? "nothing came back" : frames + " frames came back, none the whoami reply");
  }
}
