package dev.monologue.transport;

import com.fasterxml.jackson.core.JsonFactory;
import dev.monologue.wire.Action;
import dev.monologue.wire.ClientFrames;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;

/**
 * The requests this client makes of the relay itself (claim, release, join, leave, members...: docs/protocol.md,
 * "Names and groups"), each answered from {@code $relay} with the request's token: an ACK, a FANOUT, or an error.
 * Writes their frames and matches the answers, which the dispatcher hands here before treating a relay frame as an
 * error about a call. Every request ends: answered, failed at sending, or timed out on the client's timer after
 * {@code timeout}, each path removing it and cancelling its timer, whether its caller still waits or not.
 */
final class RelayRequests {
  private final ClientFrames frames = new ClientFrames(new JsonFactory());
  private final Tokens tokens;
  private final FanOuts fanOuts;
  private final ClientTimer timer;
  private final Duration timeout;
  private final Map<String, CompletableFuture<DeliveredFrames.Incoming>> waiting = new ConcurrentHashMap<>();
  /** Where the relay's discovery events go (set once the client's parts exist). */
  private volatile Watches watches;

  RelayRequests(Tokens tokens, FanOuts fanOuts, ClientTimer timer, Duration timeout) {
    this.tokens = tokens;
    this.fanOuts = fanOuts;
    this.timer = timer;
    this.timeout = timeout;
  }

  /** How long the relay has to answer a request before it fails with a {@link TimeoutException}. */
  Duration timeout() {
    return timeout;
  }

  /** The requests still waiting for the relay's answer. */
  int waiting() {
    return waiting.size();
  }

  FanOuts fanOuts() {
    return fanOuts;
  }

  void watches(Watches watches) {
    this.watches = watches;
  }

  /** A discovery event from {@code $relay} (the frame's {@code text}), received on {@code link} known as {@code id}. */
  void onEvent(RelayLink link, String id, String text) {
    Watches w = watches;
    if (w != null) {
      w.onEvent(link, id, text);
    }
  }

  /** An ACK or ERR from a peer: true when it answers a {@code callAll} (and was handled there). */
  boolean onPeerReply(DeliveredFrames.Incoming frame) {
    return fanOuts.onReply(frame);
  }

  /**
   * Sends {@code action} about {@code field}={@code value} on {@code link}; completes with the relay's answer (an
   * ACK or an ERR payload). Fails at once when the frame cannot be sent, and with a {@link TimeoutException} when
   * no answer came within the timeout.
   */
  CompletableFuture<DeliveredFrames.Incoming> send(RelayLink link, Action action, String field, String value,
      String key, boolean takeover) {
    String token = tokens.next();
    CompletableFuture<DeliveredFrames.Incoming> answer = new CompletableFuture<>();
    waiting.put(token, answer);
    ScheduledFuture<?> expiry = timer.schedule(() -> answer.completeExceptionally(new TimeoutException(
        "the relay did not answer '" + action.wire() + "' of '" + value + "' within " + timeout)),
        timeout.toNanos());
    answer.whenComplete((r, e) -> {
      waiting.remove(token);
      if (expiry != null) {
        expiry.cancel(false);
      }
    });
    if (!link.trySend(frames.relayRequest(action, field, value, key, takeover, token))) {
      answer.completeExceptionally(new IllegalStateException("the connection to the relay closed"));
    }
    return answer;
  }

  /** A frame from {@code $relay}: true when it answers one of these requests (and was handled here). */
  boolean onRelayFrame(DeliveredFrames.Incoming frame) {
    String token = frame.token();
    CompletableFuture<DeliveredFrames.Incoming> answer = token == null ? null : waiting.get(token);
    if (answer == null) {
      return fanOuts.onRelayFrame(frame);
    }
    answer.complete(frame);
    return true;
  }
}
