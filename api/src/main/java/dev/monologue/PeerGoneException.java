package dev.monologue;

/** The relay reported that the machine called is not connected. */
public final class PeerGoneException extends MonologueException {
  private static final long serialVersionUID = 1L;

  /** The relay says {@code peer}, called with {@code method}, is not connected; {@code relayMessage} as it said it. */
  public PeerGoneException(String method, String peer, String relayMessage) {
    super(describe("Peer is not connected to the relay", method, peer)
            + (relayMessage == null ? "" : " (relay: " + relayMessage + ")")
            + ". Connection IDs change on every connection; ask the peer for its current id().",
        method, peer, null);
  }
}
