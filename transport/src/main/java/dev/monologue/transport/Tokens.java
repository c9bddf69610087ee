package dev.monologue.transport;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random, unguessable call tokens: 128 bits, base64url without padding (22 characters). */
final class Tokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random;

  Tokens() {
    this.random = newRandom();
  }

  String next() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
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
