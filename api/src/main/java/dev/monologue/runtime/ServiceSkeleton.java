package dev.monologue.runtime;

/**
 * Serves the methods of one service implementation: the runtime decodes the arguments with the descriptor's
 * parameter types and the skeleton calls the implementation. Generated skeletons dispatch with a {@code switch};
 * the reflective fallback with cached {@link java.lang.reflect.Method}s.
 */
public interface ServiceSkeleton {
  /** The service this skeleton serves. */
  ServiceDescriptor descriptor();

  /**
   * Calls the implementation's method named {@code wireName} with already decoded arguments and returns its result
   * (a {@link java.util.concurrent.CompletionStage} for asynchronous methods, null for {@code void}).
   *
   * @throws Exception whatever the implementation threw
   */
  Object dispatch(String wireName, Object[] args) throws Exception;
}
