package dev.monologue.transport;

import com.fasterxml.jackson.core.JsonFactory;
import dev.monologue.wire.Action;
import dev.monologue.wire.ClientFrames;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The requests this client makes of the relay itself (claim, release, join, leave, members...: docs/protocol.md,
 * "Names and groups"), each answered from {@code $relay} with the request's token: an ACK, a FANOUT, or an error.
 * Writes their frames and matches the answers, which the dispatcher hands here before treating a relay frame as an
 * error about a call. Each request waits in the client's table of pending exchanges ({@link PendingExchanges}) and
 * ends once: answered, failed at sending, failed when its connection closes, or timed out by the table after
 * {@code timeout}, whether its caller still waits or not; a caller that gives up (completes the future) removes it.
 */
final class RelayRequests {
  private final ClientFrames frames = new ClientFrames(new JsonFactory());
  private final Tokens tokens;
  private final FanOuts fanOuts;
  private final PendingExchanges exchanges;
  private final Duration timeout;
  /** Where the relay's discovery events go (set once the client's parts exist). */
  private volatile Watches watches;

  /** One request waiting for the relay's answer. */
  record Request(String token, RelayLink connection, long deadlineNanos,
      CompletableFuture<DeliveredFrames.Incoming> answer, Action action, String value, Duration timeout)
      implements PendingExchanges.Exchange {
    @Override
    public void expire() {
      answer.completeExceptionally(new TimeoutException(
          "the relay did not answer '" + action.wire() + "' of '" + value + "' within " + timeout));
    }

    @Override
    public void dropped(String reason) {
      answer.completeExceptionally(new IllegalStateException("the connection to the relay closed (" + reason
          + ") before it answered '" + action.wire() + "' of '" + value + "'"));
    }
  }

  RelayRequests(Tokens tokens, FanOuts fanOuts, PendingExchanges exchanges, Duration timeout) {
    this.tokens = tokens;
    this.fanOuts = fanOuts;
    this.exchanges = exchanges;
    this.timeout = timeout;
  }

  /** How long the relay has to answer a request before it fails with a {@link TimeoutException}. */
  Duration timeout() {
    return timeout;
  }

  /** The requests still waiting for the relay's answer. */
  int waiting() {
    return exchanges.count(Request.class);
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

  /**
   * Sends {@code action} about {@code field}={@code value} on {@code link}; completes with the relay's answer (an
   * ACK or an ERR payload). Fails at once when the frame cannot be sent or its connection closes, and with a
   * {@link TimeoutException} when no answer came within the timeout.
   */
  CompletableFuture<DeliveredFrames.Incoming> send(RelayLink link, Action action, String field, String value,
      String key, boolean takeover) {
    String token = tokens.next();
    CompletableFuture<DeliveredFrames.Incoming> answer = new CompletableFuture<>();
    Request request = new Request(token, link, exchanges.nanoTime() + timeout.toNanos(), answer, action, value,
        timeout);
    if (!exchanges.open(request)) {
      return answer; // the client is closing: dropped already
    }
    answer.whenComplete((r, e) -> exchanges.remove(request)); // its caller gave up waiting
    if (!link.trySend(frames.relayRequest(action, field, value, key, takeover, token)) && exchanges.remove(request)) {
      answer.completeExceptionally(new IllegalStateException("the connection to the relay closed"));
    }
    return answer;
  }

  /** A frame from {@code $relay}: true when it answers one of these requests or a fan-out (and was handled). */
  boolean onRelayFrame(DeliveredFrames.Incoming frame) {
    PendingExchanges.Exchange waiting = exchanges.get(frame.token());
    if (!(waiting instanceof Request request)) {
      return fanOuts.onRelayFrame(frame, waiting);
    }
    if (exchanges.remove(request)) {
      request.answer.complete(frame);
    }
    return true;
  }
}
