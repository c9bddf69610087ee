package dev.monologue.relay;

import dev.monologue.wire.Handshake;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * The relay's API keys, kept as SHA-256 digests and compared in constant time: a handshake's {@code x-api-key}
 * either matches one or is refused, and how long that takes says nothing about which key, or how much of it,
 * matched.
 */
final class ApiKeyCheck {
  static final String API_KEY_HEADER = Handshake.API_KEY_HEADER;

  private final List<byte[]> digests;

  ApiKeyCheck(Collection<String> apiKeys) {
    this.digests = apiKeys.stream().map(ApiKeyCheck::sha256).toList();
  }

  /** Why a handshake with this header value ("" when absent) is refused, or null if it may open. */
  String problem(String key) {
    if (digests.isEmpty()) {
      return null;
    }
    if (key.isEmpty()) {
      // 403 like API Gateway, which answers a missing key as it answers a wrong one
      return "missing " + API_KEY_HEADER + " header; this relay needs an API key";
    }
    byte[] digest = sha256(key);
    boolean matched = false;
    for (byte[] candidate : digests) {
      matched |= MessageDigest.isEqual(digest, candidate); // no early exit: same time whichever key matches
    }
    return matched ? null : "wrong API key in the " + API_KEY_HEADER + " header";
  }

  private static byte[] sha256(String s) {
    try {
      // Digests have one length, so comparing them leaks nothing about the keys' lengths either.
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
