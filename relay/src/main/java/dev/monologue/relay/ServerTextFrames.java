package dev.monologue.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes one text message as the bytes a WebSocket server sends (RFC 6455, section 5): a single unmasked frame,
 * encoded once into one buffer. Java-WebSocket's own path encodes a message in several steps (the text's bytes, a
 * frame object, a validation pass, a second buffer, a trace string); the relay sends a frame for every message it
 * routes, so it encodes them itself.
 */
final class ServerTextFrames {
  private static final int FIN_TEXT = 0x81;
  private static final int LENGTH_16 = 126;
  private static final int LENGTH_64 = 127;

  private ServerTextFrames() {}

  /** The frame of {@code text}, ready to write to the socket. */
  static ByteBuffer encode(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int n = payload.length;
    ByteBuffer frame = ByteBuffer.allocate(headerLength(n) + n);
    frame.put((byte) FIN_TEXT);
    if (n < LENGTH_16) {
      frame.put((byte) n);
    } else if (n <= 0xFFFF) {
      frame.put((byte) LENGTH_16).putShort((short) n);
    } else {
      frame.put((byte) LENGTH_64).putLong(n);
    }
    return frame.put(payload).flip();
  }

  static int headerLength(int payloadLength) {
    return payloadLength < LENGTH_16 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
  }
}
