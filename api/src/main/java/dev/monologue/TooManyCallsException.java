package dev.monologue;

/** A call was refused before it was sent: this client already had {@link #limit()} calls awaiting replies. */
public final class TooManyCallsException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final int limit;

  /** {@code method} on {@code peer} was called while {@code limit} calls await replies. */
  public TooManyCallsException(String method, String peer, int limit) {
    super(describe("Too many calls in flight", method, peer) + ": " + limit + " calls are awaiting replies, the"
            + " limit (MonologueOptions.maxCallsInFlight). Wait for replies before calling more, raise the limit,"
            + " or set MonologueOptions.waitForCallSlot(true) to wait for a free slot within the call's timeout.",
        method, peer, null);
    this.limit = limit;
  }

  /** The limit that was reached. */
  public int limit() {
    return limit;
  }
}
