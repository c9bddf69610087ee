package dev.monologue;

import java.util.List;
import java.util.Map;

/**
 * Sees each call this client makes before it is sent, in the order registered
 * ({@link MonologueOptions.Builder#clientInterceptor}); it can read and change its metadata, or end the call by
 * throwing: the call then fails with that exception and nothing is sent. It runs on the calling thread.
 *
 * <p>{@link #afterCall} (or {@link #afterCallAll} for a {@code callAll}) then tells it, exactly once, how each call
 * it saw ended, whatever the outcome: the place to end what {@code beforeSend} started (a span, a timer).
 */
@FunctionalInterface
public interface ClientInterceptor {
  /** Called before {@code call} is sent. */
  void beforeSend(OutgoingCall call);

  /**
   * Called with the reply's trailers (empty when none) before the caller sees the reply, on the client's callback
   * executor; {@code failure} is null when the call succeeded. A call that timed out, was cancelled or never sent
   * is not reported here; {@link #afterCall} sees every call.
   */
  default void afterReply(OutgoingCall call, Map<String, String> trailers, Throwable failure) {}

  /**
   * Called exactly once for every call whose {@link #beforeSend} this interceptor ran, with the same
   * {@code call} object, however the call ended: {@code failure} is null when it succeeded, else what its caller
   * sees: a {@link RemoteFailureException} (the handler threw), {@link CallTimeoutException},
   * {@link java.util.concurrent.CancellationException} (the caller cancelled it), {@link ConnectionDroppedException},
   * {@link PeerGoneException}, or, for a call never sent, {@link NotConnectedException},
   * {@link TooManyCallsException}, {@link MessageTooLargeException}, an {@link IllegalArgumentException} (arguments
   * not encodable as JSON, metadata over its bounds) or what an interceptor's {@code beforeSend} threw.
   * {@code trailers} are the reply's (empty when none came). A {@code callAll} that collected its outcomes goes to
   * {@link #afterCallAll} instead.
   *
   * <p>It runs before the caller sees the outcome, on the thread that ends the call: the client's callback executor
   * for a reply (after {@link #afterReply}), its timer for a timeout, the cancelling thread, the calling thread for a
   * call not sent. It must be quick and must not block; what it throws is logged and ignored.
   */
  default void afterCall(OutgoingCall call, Map<String, String> trailers, Throwable failure) {}

  /**
   * Called instead of {@link #afterCall} for a {@code callAll} that collected its outcomes: one per member (its
   * value, or its own failure: remote, timeout, gone), each with its reply's trailers. A {@code callAll} that
   * failed as a whole (not sent, no member answered in time, cancelled, connection dropped) goes to
   * {@link #afterCall} with its failure. The default hands it to {@link #afterCall} as a success without trailers.
   */
  default void afterCallAll(OutgoingCall call, List<CallOutcome<?>> outcomes) {
    afterCall(call, Map.of(), null);
  }

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

    /** Whether the call goes to every member of a group ({@code callAll}), not to one peer. */
    default boolean toAllMembers() {
      return false;
    }
  }
}
