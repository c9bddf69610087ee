package dev.monologue.relay.core;

import dev.monologue.wire.ErrorCode;

/** The relay error a sender gets for a delivery that did not happen, worded for the target it addressed. */
final class DeliveryErrors {
  /** Sends a relay error frame to a sender: the router's own, so every part of the relay answers alike. */
  @FunctionalInterface
  interface Errors {
    void send(String senderId, String token, ErrorCode code, String message);
  }

  private DeliveryErrors() {}

  /** Tells the sender what became of its delivery to {@code target} ("connection 'x'", "name 'y'"), unless it was delivered. */
  static void report(Errors errors, String senderId, String token, String target, Delivery d) {
    switch (d) {
      case DELIVERED:
        break;
      case GONE:
        errors.send(senderId, token, ErrorCode.PEER_GONE, target + " is not connected");
        break;
      case THROTTLED:
        errors.send(senderId, token, ErrorCode.THROTTLED, "the relay could not deliver to " + target
            + " for lack of capacity; retry later");
        break;
      case TOO_LARGE:
        errors.send(senderId, token, ErrorCode.FRAME_TOO_LARGE, "the message to " + target
            + " is too large to deliver; send smaller messages");
        break;
      case OVERLOADED:
        errors.send(senderId, token, ErrorCode.PEER_OVERLOADED, target
            + " was not reading its messages and was disconnected; the message was not delivered");
        break;
      case BUSY:
        errors.send(senderId, token, ErrorCode.PEER_BUSY, target + " reads more slowly than it is sent to and"
            + " the relay's queue to it is full; the message was not delivered and " + target + " stays connected;"
            + " send to it less often or retry later");
        break;
      case FAILED:
        errors.send(senderId, token, ErrorCode.DELIVERY_FAILED, "the relay failed to deliver to " + target
            + "; the message was not delivered");
        break;
      case UNCERTAIN:
        errors.send(senderId, token, ErrorCode.DELIVERY_FAILED, "the relay lost track of the message to "
            + target + "; it may or may not have been delivered");
        break;
      default:
        throw new AssertionError(d);
    }
  }

  /** The error code for a delivery that did not happen. */
  static ErrorCode codeFor(Delivery d) {
    switch (d) {
      case GONE:
        return ErrorCode.PEER_GONE;
      case THROTTLED:
        return ErrorCode.THROTTLED;
      case TOO_LARGE:
        return ErrorCode.FRAME_TOO_LARGE;
      case OVERLOADED:
        return ErrorCode.PEER_OVERLOADED;
      case BUSY:
        return ErrorCode.PEER_BUSY;
      case FAILED:
      case UNCERTAIN:
        return ErrorCode.DELIVERY_FAILED;
      default:
        throw new IllegalArgumentException("delivered: no error code for " + d);
    }
  }
}
