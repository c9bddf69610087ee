package dev.monologue;

import java.util.Map;

/**
 * Sees each call this client makes before it is sent, in the order registered
 * ({@link MonologueOptions.Builder#clientInterceptor}); it can read and change its metadata, or end the call by
 * throwing: the call then fails with that exception and nothing is sent. It runs on the calling thread.
 */
@FunctionalInterface
public interface ClientInterceptor {
  /** Called before {@code call} is sent. */
  void beforeSend(OutgoingCall call);

  /**
   * Called with the reply's trailers (empty when none) before the caller sees the reply, on the client's callback
   * executor; {@code failure} is null when the call succeeded. A call that timed out, was cancelled or never sent
   * is not reported here.
   */
  default void afterReply(OutgoingCall call, Map<String, String> trailers, Throwable failure) {}

  /** A call as interceptors see it before it is sent. */
  interface OutgoingCall {
    /** The method's wire name. */
    String method();

    /** Whom it is sent to: a connection ID, a name, or {@code @group} for callAny and callAll. */
    String peer();

    /** The metadata to send; interceptors may change it. Checked against its bounds after the last one ran. */
    Map<String, String> metadata();

    /** The call's deadline. */
    Deadline deadline();
  }
}
