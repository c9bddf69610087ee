package dev.monologue.relay.core;

import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.RelayReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the {@code probe} action: whether connection {@code to} is connected, asked of the relay instead of the
 * peer, so that finding out costs the peer no frame it might not understand (docs/protocol.md, "Liveness probes").
 * Connected: an ACK from {@code $relay} with {@code ret} {@code {"connected":true}}; gone: {@code PEER_GONE}; could
 * not find out now: {@code THROTTLED}; a gateway that can never tell: {@code UNKNOWN_ACTION}.
 */
final class ConnectionProbe {
  private static final Logger log = LoggerFactory.getLogger(ConnectionProbe.class);

  private final ConnectionGateway gateway;
  private final DeliveryErrors.Errors errors;

  ConnectionProbe(ConnectionGateway gateway, DeliveryErrors.Errors errors) {
    this.gateway = gateway;
    this.errors = errors;
  }

  /** Answers the probe of {@code to}; null when the frame was malformed (and already answered). */
  void answer(String senderId, String to, String token) {
    if (to == null) {
      return;
    }
    String notAnId = ConnectionIds.problem(to);
    if (notAnId != null) {
      errors.send(senderId, token, ErrorCode.MALFORMED_FRAME, notAnId);
      return;
    }
    boolean connected;
    try {
      connected = gateway.isConnected(to);
    } catch (UnsupportedOperationException e) {
      errors.send(senderId, token, ErrorCode.UNKNOWN_ACTION,
          "this relay cannot tell whether a connection is connected; the 'probe' action is not supported");
      return;
    } catch (RuntimeException e) {
      log.warn("Could not tell whether connection {} is connected", to, e);
      errors.send(senderId, token, ErrorCode.THROTTLED,
          "the relay could not tell now whether connection '" + to + "' is connected; retry later");
      return;
    }
    if (!connected) {
      errors.send(senderId, token, ErrorCode.PEER_GONE, "connection '" + to + "' is not connected");
      return;
    }
    Delivery d = gateway.send(senderId, RelayReplies.connected(senderId, token));
    if (d != Delivery.DELIVERED) {
      log.debug("probe answer to connection {} not delivered: {}", senderId, d);
    }
  }
}
