package dev.monologue.relay.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** What the relay keeps of a claim's secret key: its SHA-256, never the key itself. */
final class ClaimKeys {
  private ClaimKeys() {}

  /** The SHA-256 of {@code key}, base64; null without a key. */
  static String hash(String key) {
    if (key == null) {
      return null;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
