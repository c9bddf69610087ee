package dev.monologue.transport;

/** An argument of an incoming call is missing or cannot be decoded; the caller gets {@code BAD_ARGUMENTS}. */
final class BadArgumentsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  BadArgumentsException(String message, Throwable cause) {
    super(message, cause);
  }
}
