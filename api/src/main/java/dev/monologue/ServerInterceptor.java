package dev.monologue;

/**
 * Sees each call this machine serves before its handler runs, in the order registered
 * ({@link MonologueOptions.Builder#serverInterceptor}), on the handler's thread. It can read the call's metadata and
 * replace it ({@link CallContext#replaceMetadata}), set trailers, or end the call by throwing: the handler does not
 * run and the caller gets the exception as a handler failure ({@link RemoteFailureException}, code
 * {@code HANDLER_FAILED}).
 */
@FunctionalInterface
public interface ServerInterceptor {
  /** Called before the handler of {@code call} runs. */
  void beforeHandler(CallContext call);
}
