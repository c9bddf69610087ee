package dev.monologue;

/**
 * Serves one string-named method registered with {@link Monologue#on(String, MethodHandler)}.
 *
 * <p>Return the result, or a {@link java.util.concurrent.CompletionStage} that completes with it. A thrown
 * exception reaches the caller as a {@link RemoteFailureException} with code {@code HANDLER_FAILED}; an
 * {@link IllegalArgumentException} thrown while reading arguments reaches it with code {@code BAD_ARGUMENTS}.
 */
@FunctionalInterface
public interface MethodHandler {
  /** Handles one call: returns the result (encoded as JSON) or throws, which the caller receives as a failure. */
  Object handle(Arguments args) throws Exception;
}
