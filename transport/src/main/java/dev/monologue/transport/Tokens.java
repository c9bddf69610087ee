package dev.monologue.transport;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random, unguessable call tokens: 128 bits, base64url without padding (22 characters). The bits are drawn from a
 * {@link SecureRandom} {@value #PER_DRAW} tokens at a time: a DRBG costs about as much per request as for a
 * kilobyte, and a token per call was a tenth of a caller's CPU.
 */
final class Tokens {
  static final int PER_DRAW = 64;
  private static final int BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random;
  private final byte[] drawn = new byte[BYTES * PER_DRAW];
  /** The next unused byte of {@link #drawn}; guarded by {@code this}. */
  private int next = drawn.length;

  Tokens() {
    this.random = newRandom();
  }

  String next() {
    byte[] bytes = new byte[BYTES];
    synchronized (this) {
      if (next == drawn.length) {
        random.nextBytes(drawn);
        next = 0;
      }
      System.arraycopy(drawn, next, bytes, 0, BYTES);
      next += BYTES;
    }
    return ENCODER.encodeToString(bytes);
  }

  // DRBG is thread-safe and works in memory; the platform default may read /dev/urandom under a lock per call.
  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
