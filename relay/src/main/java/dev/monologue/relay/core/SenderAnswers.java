package dev.monologue.relay.core;

import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Frame;
import dev.monologue.wire.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers to the sender of a name or group action: its reply, or the error that says what is wrong with its frame
 * (a missing or malformed name or group, a missing payload).
 */
final class SenderAnswers {
  /** Logs under {@link NameRouting}'s name, the one operators know. */
  private static final Logger log = LoggerFactory.getLogger(NameRouting.class);

  private final ConnectionGateway gateway;
  private final DeliveryErrors.Errors errors;

  SenderAnswers(ConnectionGateway gateway, DeliveryErrors.Errors errors) {
    this.gateway = gateway;
    this.errors = errors;
  }

  /** Sends the sender an error frame. */
  void error(String senderId, String token, ErrorCode code, String message) {
    errors.send(senderId, token, code, message);
  }

  Delivery reply(String senderId, String frame) {
    Delivery d = gateway.send(senderId, frame);
    if (d != Delivery.DELIVERED) {
      log.debug("reply to connection {} not delivered: {}", senderId, d);
    }
    return d;
  }

  boolean badName(String senderId, Frame p, String value, String what) {
    if (value == null) {
      error(senderId, p.token(), ErrorCode.MALFORMED_FRAME, "'" + p.action() + "' frame has no '" + what
          + "'");
      return true;
    }
    String problem = Names.problem(value, what);
    if (problem != null) {
      error(senderId, p.token(), ErrorCode.BAD_NAME, problem);
      return true;
    }
    return false;
  }

  /**
   * Answers {@code NOT_PERMITTED}: the sender's policy does not let it {@code verb} ({@code join}) the {@code kind}
   * ({@code group}) {@code value}; {@code allowed} is what it may.
   */
  void notPermitted(String senderId, Frame p, String verb, String kind, String value, Object allowed) {
    error(senderId, p.token(), ErrorCode.NOT_PERMITTED, "this relay's policy does not let this API key " + verb
        + " the " + kind + " '" + value + "' (it may " + verb + " " + allowed + "); " + verb + " a " + kind
        + " it allows, or ask the relay's operator to allow this one");
  }

  boolean noPayload(String senderId, Frame p) {
    if (!p.hasPayload()) {
      error(senderId, p.token(), ErrorCode.MALFORMED_FRAME, "'" + p.action() + "' frame has no 'payload'"
          + " object");
      return true;
    }
    return false;
  }
}
