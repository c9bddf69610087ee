package dev.monologue.wire;

/** What a client sends in its WebSocket handshake, as API Gateway reads it (docs/protocol.md). */
public final class Handshake {
  /** The header that carries the API key; API Gateway refuses a missing or wrong one with 403, as the local relay does. */
  public static final String API_KEY_HEADER = "x-api-key";

  private Handshake() {}
}
