package dev.monologue.relay;

import dev.monologue.relay.core.Router;
import dev.monologue.wire.ErrorCode;

/** Answers a message over its connection's rate limit with {@code THROTTLED}, in the protocol's error format. */
final class ThrottledAnswers {
  private final Router refusals;
  private final ConnectionLimits limits;

  ThrottledAnswers(RelayConnections connections, ConnectionLimits limits) {
    this.refusals = new Router(connections, limits.maxMessageBytes());
    this.limits = limits;
  }

  /** Tells connection {@code id} that {@code message} was not delivered. */
  void refuse(String id, String message) {
    refusals.refuse(id, message, ErrorCode.THROTTLED, "connection is over the relay's rate limit of "
        + rate() + "; the message was not delivered; send more slowly");
  }

  private String rate() {
    return limits.messagesPerSecond() + " messages per second (burst " + limits.burst() + ")";
  }
}
