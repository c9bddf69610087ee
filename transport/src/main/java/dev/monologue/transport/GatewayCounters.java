package dev.monologue.transport;

import java.util.concurrent.atomic.AtomicInteger;

/** The frames API Gateway itself sent one connection: its "Internal server error" frames and its throttle frames. */
final class GatewayCounters {
  /** "Internal server error" frames received: the relay function failed on a frame sent here. */
  private final AtomicInteger errors = new AtomicInteger();
  /** Throttle frames received ({@link ThrottleFrames}). */
  private final AtomicInteger throttleFrames = new AtomicInteger();

  /** One of API Gateway's "Internal server error" frames arrived. */
  void errorReceived() {
    errors.incrementAndGet();
  }

  /** One of API Gateway's throttle frames arrived. */
  void throttleFrameReceived() {
    throttleFrames.incrementAndGet();
  }

  /** API Gateway's "Internal server error" frames received. */
  int errors() {
    return errors.get();
  }

  /** API Gateway's throttle frames received. */
  int throttleFrames() {
    return throttleFrames.get();
  }
}
