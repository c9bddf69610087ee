package dev.monologue;

/** A call was made before {@link Monologue#connect()} completed, or after {@link Monologue#close()}. */
public final class NotConnectedException extends MonologueException {
  private static final long serialVersionUID = 1L;

  public NotConnectedException(String method, String peer) {
    super(describe("Not connected to the relay", method, peer) + ". Call connect() first.", method, peer, null);
  }
}
