package dev.monologue;

/**
 * Sees each call this machine serves before its handler runs, in the order registered
 * ({@link MonologueOptions.Builder#serverInterceptor}), on the handler's thread. It can read the call's metadata and
 * replace it ({@link CallContext#replaceMetadata}), set trailers, or end the call by throwing: the handler does not
 * run and the caller gets the exception as a handler failure ({@link RemoteFailureException}, code
 * {@code HANDLER_FAILED}).
 *
 * <p>For every call whose {@link #beforeHandler} it ran, it then hears {@link #handlerReturned} on the same thread
 * (to undo what it set on the thread) and, once, {@link #afterCall} when the call is over (to end what it started).
 */
@FunctionalInterface
public interface ServerInterceptor {
  /** Called before the handler of {@code call} runs. */
  void beforeHandler(CallContext call);

  /**
   * Called on the handler's thread once the handler returned or threw (or a later interceptor ended the call), in
   * the reverse order of registration; an asynchronous handler's result may still be pending. The place to restore
   * what {@link #beforeHandler} put on the thread (a tracing context).
   */
  default void handlerReturned(CallContext call) {}

  /**
   * Called exactly once when the call is over: its reply or its error was sent, or withheld because the call was
   * cancelled ({@link CallContext#isCancelled()}). {@code failure} is what the handler (or an interceptor) threw or
   * its future failed with, null when it returned a value. It runs on the thread that ended the call and must not
   * block; what it throws is logged and ignored.
   */
  default void afterCall(CallContext call, Throwable failure) {}
}
