package dev.monologue.relay.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a {@link RelayPolicy} names an API key without holding it: {@code sha256:} and the hex SHA-256 of the key.
 * Both relays name a connection's key so: the local relay from the {@code x-api-key} header, the Lambda from
 * {@code requestContext.identity.apiKey} (the Java event type carries the key, not API Gateway's key ID). A policy
 * in template.yaml or an environment variable thus holds no secret.
 */
public final class ApiKeyIds {
  /** What every key ID starts with. */
  public static final String PREFIX = "sha256:";

  private ApiKeyIds() {}

  /** The ID of {@code apiKey}; null for null or an empty key (a connection without one). */
  public static String of(String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      return null;
    }
    try {
      return PREFIX + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
