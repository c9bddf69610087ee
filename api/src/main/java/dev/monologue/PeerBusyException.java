package dev.monologue;

/**
 * The relay did not deliver the call: the machine called reads more slowly than it is sent to, and the relay's
 * queue to it is full. It stays connected; the call did not run. Send to it less often, or retry later.
 */
public final class PeerBusyException extends MonologueException {
  private static final long serialVersionUID = 1L;

  /** The call of {@code method} to {@code peer} was refused, as the relay's {@code relayMessage} says. */
  public PeerBusyException(String method, String peer, String relayMessage) {
    super(describe("Peer is busy: the relay's queue to it is full and the call was not delivered", method, peer)
            + (relayMessage == null || relayMessage.isEmpty() ? "" : " (relay: " + relayMessage + ")")
            + ". The peer stays connected; call it less often or retry later.",
        method, peer, null);
  }
}
