package dev.monologue;

/** The remote replied, but its result could not be decoded as the type the caller declared. */
public final class ReplyDecodingException extends MonologueException {
  private static final long serialVersionUID = 1L;

  /** The reply to {@code method} from {@code peer} could not be decoded as {@code expectedType}. */
  public ReplyDecodingException(String method, String peer, String expectedType, Throwable cause) {
    super(describe("Reply could not be decoded as " + expectedType, method, peer)
            + ": " + cause.getMessage() + ". Check that both machines declare the same return type.",
        method, peer, cause);
  }
}
