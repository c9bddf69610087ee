package dev.monologue;

import java.time.Duration;

/** The remote machine did not answer within the call's timeout. */
public final class CallTimeoutException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /** A call of {@code method} on {@code peer} got no reply within {@code timeout}. */
  public CallTimeoutException(String method, String peer, Duration timeout) {
    super(describe("No reply within " + timeout.toMillis() + " ms", method, peer)
            + ". The peer may be slow or stalled; raise MonologueOptions.timeout if it is expected to take longer.",
        method, peer, null);
    this.timeout = timeout;
  }

  /** The timeout the call waited for its reply. */
  public Duration timeout() {
    return timeout;
  }
}
