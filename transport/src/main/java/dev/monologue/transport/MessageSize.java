package dev.monologue.transport;

import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.RelayFrames;
import dev.monologue.wire.Utf8;

/**
 * A message's size as this client sends it and the most it is as the relay delivers it (wrapped anew with the
 * sender's and the receiver's connection IDs): both must be within the relay's limit, or API Gateway refuses the
 * delivery (413) after the relay accepted the message.
 */
record MessageSize(long sent, long delivered) {
  /**
   * The sizes of {@code frame} (a {@code sendmessage}, {@code sendany} or {@code sendall}) when either is over
   * {@code limit}, else null; a frame far below the limit is not counted.
   */
  static MessageSize over(String frame, int limit) {
    if ((long) frame.length() * 3 + RelayFrames.MAX_DELIVERY_OVERHEAD <= limit) {
      return null; // a char is at most 3 UTF-8 bytes
    }
    long sent = Utf8.length(frame);
    long delivered = RelayFrames.maxDeliveredBytes(ClientFrames.payloadBytes(frame, sent));
    return sent > limit || delivered > limit ? new MessageSize(sent, delivered) : null;
  }
}
