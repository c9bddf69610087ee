package dev.monologue.relay;

import dev.monologue.wire.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;

/**
 * Turns the masked payload of a client's text frame into its string: unmasked eight bytes at a time, then decoded
 * strictly ({@link Utf8#decode}), so malformed UTF-8 is refused as RFC 6455 asks.
 */
final class MaskedText {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private MaskedText() {}

  /**
   * Reads {@code length} payload bytes from {@code in}, unmasks them with {@code maskKey} (the frame's four mask
   * bytes, big-endian) and decodes them.
   *
   * @throws CharacterCodingException if the payload is not valid UTF-8
   */
  static String decode(ByteBuffer in, int length, int maskKey) throws CharacterCodingException {
    byte[] bytes = new byte[length];
    in.get(bytes);
    long mask = ((long) maskKey << 32) | (maskKey & 0xFFFFFFFFL);
    int i = 0;
    for (int whole = length & ~7; i < whole; i += 8) {
      LONGS.set(bytes, i, (long) LONGS.get(bytes, i) ^ mask);
    }
    for (; i < length; i++) {
      bytes[i] = (byte) (bytes[i] ^ (maskKey >>> (24 - 8 * (i & 3))));
    }
    return Utf8.decode(bytes, 0, length);
  }
}
