package dev.monologue;

/** The machine called has no handler registered under the method's wire name. */
public final class NoSuchRemoteMethodException extends MonologueException {
  private static final long serialVersionUID = 1L;

  /** {@code peer} has no handler for {@code method}; {@code remoteMessage} as it said it. */
  public NoSuchRemoteMethodException(String method, String peer, String remoteMessage) {
    super(describe("No such remote method", method, peer)
            + (remoteMessage == null ? "" : " (remote: " + remoteMessage + ")")
            + ". Check that the peer registered it with on(...) or register(...) under this wire name.",
        method, peer, null);
  }
}
