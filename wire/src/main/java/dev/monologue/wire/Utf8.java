package dev.monologue.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for frames: counts bytes without encoding, to check a frame against {@link Limits#MAX_MESSAGE_BYTES} cheaply,
 * and decodes a received text frame's payload strictly.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The UTF-8 length of {@code s}. A lone surrogate counts 3 bytes: it is written as {@code ?} (1 byte) or kept,
   * and 3 bounds it from above.
   */
  public static long length(CharSequence s) {
    long n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Whether {@code s} may be longer than {@code limit} UTF-8 bytes: false when it cannot be (a char is at most 3
   * bytes, so most frames need no count), else whether its counted length is.
   */
  public static boolean exceeds(CharSequence s, long limit) {
    return (long) s.length() * 3 > limit && length(s) > limit;
  }

  /**
   * Decodes {@code length} bytes of {@code bytes} from {@code offset} strictly, as RFC 6455 asks of a text frame: a
   * payload of ASCII only (every frame the protocol itself writes) becomes a string with no further check, any other
   * is decoded refusing malformed input.
   *
   * @throws CharacterCodingException if the bytes are not valid UTF-8
   */
  public static String decode(byte[] bytes, int offset, int length) throws CharacterCodingException {
    int seen = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      seen |= bytes[i];
    }
    if (seen >= 0) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // ASCII: one byte a character
    }
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, offset, length))
        .toString();
  }
}
