package dev.monologue.transport;

import dev.monologue.RelayRejectedException;
import dev.monologue.wire.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway's throttle frame ({@code {"message": "Too Many Requests", "connectionId": ..., "requestId": ...}}),
 * matched to what this connection sent. The frame names no token. API Gateway answers a throttled message at once,
 * in the order the messages came, while a message that passed is answered only after an invocation; so the throttle
 * frame is taken to be about the most recently sent message that still waits for its answer and was not matched to
 * an earlier throttle frame. In a burst that empties the bucket, the frames thus end exactly the throttled messages
 * (though not each with its own frame). The messages that wait for an answer are calls (their reply), keep-alives
 * (their echo) and liveness probes (the relay's answer): a throttled call fails at once with {@code THROTTLED}; a
 * throttled keep-alive is counted, and proves the connection alive; a throttled probe is forgotten, to be sent again.
 * Messages that wait for no answer (replies to incoming calls) and the other relay requests (name claims, watches,
 * {@code callAll}) take no part: a throttle frame about one of them is matched to the most recent waiting message,
 * if any, which is why the failure says "likeliest".
 */
final class ThrottleFrames {
  private static final Logger log = LoggerFactory.getLogger(ThrottleFrames.class);
  private final PeerWarnings warnings = new PeerWarnings(log);
  private final PendingCalls pending;
  /** Null when probing is off. */
  private final PeerProbes probes;

  ThrottleFrames(PendingCalls pending, PeerProbes probes) {
    this.pending = pending;
    this.probes = probes;
  }

  /** One throttle frame arrived on {@code c}: ends the message it is most likely about. */
  void onThrottled(RelayConnection c, String frame) {
    PendingCall call = pending.newestOn(c);
    PeerProbes.Probe probe = probes == null ? null : probes.newestOn(c);
    if (c.throttleFrameReceived(keepAliveSent -> newer(keepAliveSent, call)
        && (probe == null || keepAliveSent - probe.sentNanos() > 0))) {
      warnings.warn("API Gateway throttled a message from this machine, likely its keep-alive (the connection is"
          + " alive): {}", FrameDispatcher.abbreviate(frame));
      return;
    }
    if (probe != null && newer(probe.sentNanos(), call) && probes.throttled(probe)) {
      warnings.warn("API Gateway throttled a message from this machine, likely a liveness probe of {}: {}",
          probe.peer(), FrameDispatcher.abbreviate(frame));
      return;
    }
    if (call == null || !pending.fail(call, throttled(call))) {
      warnings.warn("API Gateway throttled a message from this machine that no waiting call was sent in (a reply"
          + " or a name request); its peer will time out: {}", FrameDispatcher.abbreviate(frame));
    }
  }

  /** Whether a message sent at {@code sentNanos} went out after {@code call} (or there is no call). */
  private static boolean newer(long sentNanos, PendingCall call) {
    return call == null || sentNanos - call.startNanos > 0;
  }

  static RelayRejectedException throttled(PendingCall call) {
    return new RelayRejectedException(call.method, call.peer, ErrorCode.THROTTLED.wire(), "API Gateway's stage"
        + " throttled a message from this machine (its throttle frame names no call: this call, the most recent"
        + " still waiting on this connection, is the likeliest one), so the request may not have been delivered."
        + " Send fewer messages a second (replies count too), or raise the stage's ThrottlingRateLimit and"
        + " ThrottlingBurstLimit (template.yaml parameters) and, above the account's quota of 10,000 a second, the"
        + " region's API Gateway throttle quota (Service Quotas)");
  }
}
