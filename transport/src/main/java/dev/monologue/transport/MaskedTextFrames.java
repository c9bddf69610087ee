package dev.monologue.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Writes one text message as the bytes a WebSocket client sends (RFC 6455, section 5): frames of at most
 * {@code maxFrameBytes} of payload each, masked, every fragment valid UTF-8 by itself, all in one array, encoded
 * once. Java-WebSocket's own path encodes a message in several steps (the text's bytes, a validation pass, a frame
 * object, a buffer per frame, a masking key from {@code SecureRandom} per frame, and a string built from the frame
 * for a trace line even when tracing is off); on a client that sends a frame per call, those were a third of its CPU.
 *
 * <p>Masking keys come from a {@link SecureRandom}, as the RFC asks, drawn {@value #KEYS_PER_DRAW} at a time.
 * Thread-safe.
 */
final class MaskedTextFrames {
  static final int KEYS_PER_DRAW = 64;
  private static final int FIN = 0x80;
  private static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  private static final int MASKED = 0x80;

  /** Eight payload bytes masked at a time: the key, big-endian, twice. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final int maxFrameBytes;
  private final SecureRandom random;
  private final byte[] keys = new byte[4 * KEYS_PER_DRAW];
  /** The next unused byte of {@link #keys}; guarded by {@code this}. */
  private int nextKey = keys.length;

  MaskedTextFrames(int maxFrameBytes) {
    if (maxFrameBytes < 4) {
      throw new IllegalArgumentException("maxFrameBytes must hold a character (4 bytes): " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
    this.random = newRandom();
  }

  /** The frames of {@code text}, ready to write to the socket. */
  byte[] encode(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    if (payload.length <= maxFrameBytes) {
      byte[] out = new byte[headerLength(payload.length) + payload.length];
      writeFrame(out, 0, FIN | TEXT, payload, 0, payload.length);
      return out;
    }
    int size = 0;
    for (int start = 0; start < payload.length; ) {
      int end = fragmentEnd(payload, start, maxFrameBytes);
      size += headerLength(end - start) + end - start;
      start = end;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (int start = 0; start < payload.length; ) {
      int end = fragmentEnd(payload, start, maxFrameBytes);
      int first = (start == 0 ? TEXT : CONTINUATION) | (end == payload.length ? FIN : 0);
      at = writeFrame(out, at, first, payload, start, end - start);
      start = end;
    }
    return out;
  }

  /**
   * Where the fragment that starts at {@code start} ends: at most {@code max} bytes on, and never inside a
   * character's UTF-8 sequence, so that every fragment is valid UTF-8 by itself.
   */
  static int fragmentEnd(byte[] bytes, int start, int max) {
    int end = start + max;
    if (end >= bytes.length) {
      return bytes.length;
    }
    // Step back over continuation bytes (10xxxxxx) to the start of the character that would be cut.
    while (end > start && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return end;
  }

  /** Header bytes of a masked frame with {@code length} bytes of payload. */
  static int headerLength(int length) {
    return (length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10) + 4;
  }

  private int writeFrame(byte[] out, int at, int first, byte[] payload, int from, int length) {
    out[at++] = (byte) first;
    if (length <= 125) {
      out[at++] = (byte) (MASKED | length);
    } else if (length <= 0xFFFF) {
      out[at++] = (byte) (MASKED | 126);
      out[at++] = (byte) (length >>> 8);
      out[at++] = (byte) length;
    } else {
      out[at++] = (byte) (MASKED | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out[at++] = (byte) ((long) length >>> shift);
      }
    }
    int key = at;
    nextKey(out, key);
    at += 4;
    int mask = (int) INTS.get(out, key);
    long mask8 = ((long) mask << 32) | (mask & 0xFFFFFFFFL);
    int i = 0;
    for (int whole = length & ~7; i < whole; i += 8) {
      LONGS.set(out, at + i, (long) LONGS.get(payload, from + i) ^ mask8);
    }
    for (; i < length; i++) {
      out[at + i] = (byte) (payload[from + i] ^ out[key + (i & 3)]);
    }
    return at + length;
  }

  private synchronized void nextKey(byte[] out, int at) {
    if (nextKey == keys.length) {
      random.nextBytes(keys);
      nextKey = 0;
    }
    System.arraycopy(keys, nextKey, out, at, 4);
    nextKey += 4;
  }

  // DRBG works in memory; the platform default may read /dev/urandom under a lock.
  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
