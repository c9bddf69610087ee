package dev.monologue;

/** The connection to the relay closed while the call was pending; every pending call fails with this at once. */
public final class ConnectionDroppedException extends MonologueException {
  private static final long serialVersionUID = 1L;

  /** The connection dropped, for {@code reason}, while the call of {@code method} on {@code peer} waited. */
  public ConnectionDroppedException(String method, String peer, String reason) {
    super(describe("Connection to the relay dropped", method, peer) + " (" + reason + ")", method, peer, null);
  }
}
