package dev.monologue;

/**
 * The relay refused a frame this machine sent: too large, malformed, an unknown action, or over a rate limit.
 * {@link #code()} is the relay's error code.
 */
public final class RelayRejectedException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final String code;

  /**
   * The relay refused the frame of {@code method} to {@code peer} with {@code code}; {@code relayMessage} as it said
   * it.
   */
  public RelayRejectedException(String method, String peer, String code, String relayMessage) {
    super(describe("Relay rejected the frame with " + code, method, peer) + ": " + relayMessage, method, peer, null);
    this.code = code;
  }

  /** The relay's error code, such as {@code FRAME_TOO_LARGE} or {@code DELIVERY_FAILED}. */
  public String code() {
    return code;
  }
}
