package dev.monologue;

import dev.monologue.wire.ErrorCode;

/**
 * The remote handler failed, or could not read the arguments sent. Carries the remote's error code, the name of the
 * remote exception type and its message; no class named by a remote is ever loaded or instantiated.
 */
public final class RemoteFailureException extends MonologueException {
  private static final long serialVersionUID = 1L;

  /** Code sent when the remote handler threw. */
  public static final String HANDLER_FAILED = ErrorCode.HANDLER_FAILED.wire();
  /** Code sent when the remote could not decode the arguments. */
  public static final String BAD_ARGUMENTS = ErrorCode.BAD_ARGUMENTS.wire();
  /** Code sent when the remote had too much queued work to accept the call; retry later or spread the load. */
  public static final String OVERLOADED = ErrorCode.OVERLOADED.wire();

  private final String code;
  private final String remoteType;
  private final String remoteMessage;

  /**
   * The handler of {@code method} on {@code peer} failed with {@code code}, an exception of {@code remoteType} saying
   * {@code remoteMessage}.
   */
  public RemoteFailureException(String method, String peer, String code, String remoteType, String remoteMessage) {
    super(describe("Remote call failed with " + code, method, peer)
            + ": " + (remoteType == null ? "" : remoteType + ": ") + remoteMessage,
        method, peer, null);
    this.code = code;
    this.remoteType = remoteType;
    this.remoteMessage = remoteMessage;
  }

  /** The wire error code, such as {@link #HANDLER_FAILED} or {@link #BAD_ARGUMENTS}. */
  public String code() {
    return code;
  }

  /** The fully qualified name of the exception type thrown remotely, or null. Only a name: never loaded. */
  public String remoteType() {
    return remoteType;
  }

  /** The remote exception's message, or null. */
  public String remoteMessage() {
    return remoteMessage;
  }
}
