package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.GatewayErrors;
import dev.monologue.wire.KeepAliveAnswer;
import dev.monologue.wire.PayloadType;
import dev.monologue.wire.RelayEvent;
import dev.monologue.wire.ReservedSenders;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "A frame arrives" starts here, on the socket's reader thread: reads the frame in one pass
 * ({@link DeliveredFrames}), then hands it on by what it is. The {@code whoami} echo identifies the connection, a
 * keep-alive answer is counted, API Gateway's throttle frame ends the call it is most likely about
 * ({@link ThrottleFrames}), its other error frame is counted and logged, the relay's answer to a probe
 * goes to the probes, a relay error to the probes or the pending call it is about, an ACK or ERR to the pending
 * call, a REQ or PING to the {@link RequestServer}. Nothing here blocks or runs user code.
 */
final class FrameDispatcher implements RelayConnection.FrameHandler {
  private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);
  private final PeerWarnings warnings = new PeerWarnings(log);

  private final DeliveredFrames reader;
  private final PendingExchanges exchanges;
  private final PendingCalls pending;
  private final PeerProbes probes;
  private final RequestServer server;
  private final RelayRequests requests;
  private final ThrottleFrames throttles;

  /**
   * {@code probes} is null when probing is off; {@code requests}: where the relay's answers to name and group
   * actions go, and members' replies to fan-outs.
   */
  FrameDispatcher(DeliveredFrames reader, PendingCalls pending, PeerProbes probes, RequestServer server,
      RelayRequests requests) {
    this.reader = reader;
    this.exchanges = pending.exchanges();
    this.pending = pending;
    this.probes = probes;
    this.server = server;
    this.requests = requests;
    this.throttles = new ThrottleFrames(pending, probes);
  }

  @Override
  public void onFrame(RelayConnection c, String text) {
    DeliveredFrames.Incoming frame;
    try {
      frame = reader.read(text, pending::expectedResult);
    } catch (IOException e) {
      warnings.warn("Ignoring a frame from the relay that is not JSON: {}", abbreviate(text));
      return;
    }
    if (frame == null) {
      String keptAlive = KeepAliveAnswer.connectionId(text);
      // API Gateway's {"message": "Internal server error", "connectionId": ..., "requestId": ...} and the like
      String gatewayMessage = keptAlive == null ? GatewayErrors.messageOf(text) : null;
      boolean fromGateway = gatewayMessage != null;
      if (keptAlive != null) {
        if (keptAlive.equals(c.relayId())) {
          c.keepAlive().answered(); // the answer to this connection's keep-alive (KeepAlive)
        } else {
          warnings.warn("Ignoring a keep-alive answer for another connection: {}", abbreviate(text));
        }
      } else if (fromGateway && GatewayErrors.isThrottle(gatewayMessage)) {
        throttles.onThrottled(c, text); // the stage throttled a message this connection sent
      } else if (fromGateway) {
        // API Gateway's own frame when the relay function threw or timed out on a frame this connection sent. It
        // names no token, so no call can be failed by it: the call it carried, if any, ends at its timeout.
        c.gateway().errorReceived();
        warnings.warn("API Gateway reports that the relay failed on a frame this connection sent: {}",
            abbreviate(text));
      } else {
        warnings.warn("Ignoring a frame from the relay without an object payload: {}", abbreviate(text));
      }
      return;
    }
    String from = frame.from();
    if (ReservedSenders.RELAY.equals(from)) {
      if (requests.onRelayFrame(frame)) {
        return; // the answer to a claim, join... (also while the connection claims its names)
      }
      if (RelayEvent.TYPE.equals(frame.type())) {
        requests.onEvent(c, c.relayId(), text); // a name or group this machine watches (or held) changed
        return;
      }
    }
    if (c.relayId() == null) {
      if (from != null && c.answersWhoami(frame.token())) {
        c.identified(from);
      } else {
        log.debug("Ignoring a frame that arrived before the whoami reply: {}", abbreviate(text));
      }
      return;
    }
    if (ReservedSenders.RELAY.equals(from)) {
      onRelayError(frame);
      return;
    }
    if (from == null) {
      warnings.warn("Ignoring a frame without a sender: {}", abbreviate(text));
      return;
    }
    String type = frame.type();
    PayloadType kind = PayloadType.fromWire(type);
    switch (kind == null ? PayloadType.EVENT : kind) { // EVENT: no peer sends one
      case REQ -> server.onRequest(c, frame);
      case ACK -> {
        if (frame.cancel()) {
          server.onCancel(frame); // a caller cancelled a call this machine serves (CallFields.CANCEL)
        } else {
          // one look-up of the token: a call's reply (most often), or a member's reply to a callAll
          PendingExchanges.Exchange waiting = exchanges.get(frame.token());
          if (waiting instanceof FanOuts.FanOut f) {
            requests.fanOuts().onReply(f, frame);
          } else {
            pending.onAck(frame, waiting);
          }
        }
      }
      case ERR -> {
        PendingExchanges.Exchange waiting = exchanges.get(frame.token());
        if (waiting instanceof FanOuts.FanOut f) {
          requests.fanOuts().onReply(f, frame);
        } else {
          pending.onError(frame, waiting);
        }
      }
      case PING -> server.onPing(c, frame);
      case PONG -> log.debug("Ignoring a PONG from {}: this client asks the relay, not peers", from);
      default -> log.debug("Ignoring a frame of type '{}' from {}", type, from);
    }
  }

  /** A frame from the relay: the answer to a probe, or an error about a call (or a reply) this client sent. */
  private void onRelayError(DeliveredFrames.Incoming frame) {
    String token = frame.token();
    if (token != null && probes != null && PayloadType.ACK.wire().equals(frame.type())) {
      if (probes.onConnected(token)) {
        return;
      }
    } else if (token != null && probes != null) {
      JsonNode error = frame.errorOrMissing();
      if (probes.onRelayError(token, error.path(Fields.CODE).asText("UNKNOWN"), error.path(Fields.MESSAGE).asText(""))) {
        return;
      }
    }
    pending.onRelayError(frame);
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "… (" + text.length() + " chars)";
  }
}
