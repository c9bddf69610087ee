package dev.monologue.relay;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the masked payload of a client's text frame into its string in one pass: unmasked eight bytes at a time,
 * checked for bytes over 127 on the way; a payload of ASCII only (every frame the protocol itself writes) becomes a
 * string with no further check, any other is decoded strictly, so malformed UTF-8 is refused as RFC 6455 asks.
 */
final class MaskedText {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

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
    long seen = 0;
    int i = 0;
    for (int whole = length & ~7; i < whole; i += 8) {
      long v = (long) LONGS.get(bytes, i) ^ mask;
      LONGS.set(bytes, i, v);
      seen |= v;
    }
    for (; i < length; i++) {
      int b = bytes[i] ^ (maskKey >>> (24 - 8 * (i & 3)));
      bytes[i] = (byte) b;
      seen |= b & 0xFF;
    }
    if ((seen & HIGH_BITS) == 0) {
      return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII: one byte a character
    }
    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes));
    return chars.toString();
  }
}
