package dev.monologue;

/**
 * A call was made before {@link Monologue#connect()} completed, after {@link Monologue#close()}, or while the client
 * was reconnecting and either {@link MonologueOptions#failFastWhileDisconnected()} is set or the connection did not
 * come back within the call's timeout.
 */
public final class NotConnectedException extends MonologueException {
  private static final long serialVersionUID = 1L;

  /** {@code method} on {@code peer} was called while the client is not connected. */
  public NotConnectedException(String method, String peer) {
    super(describe("Not connected to the relay", method, peer) + ". Call connect() first.", method, peer, null);
  }

  /** Not connected for {@code reason}, such as a reconnect that did not come back within the call's timeout. */
  public NotConnectedException(String method, String peer, String reason) {
    super(describe("Not connected to the relay", method, peer) + " (" + reason + ")", method, peer, null);
  }
}
