package dev.monologue.relay;

import dev.monologue.wire.Names;
import java.security.SecureRandom;
import java.util.Base64;

/** Draws the relay's connection IDs. Thread-safe. */
final class ConnectionIds {
  private final SecureRandom random = new SecureRandom();

  /**
   * 16 random bytes in base64url; drawn again in the rare case (about 4 in a million) that they spell a valid name,
   * so that a client can take any valid name for a name and anything else for a connection ID (wire {@code Names}).
   */
  String next() {
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (Names.isName(id));
    return id;
  }
}
