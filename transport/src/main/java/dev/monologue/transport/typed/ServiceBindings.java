package dev.monologue.transport.typed;

import dev.monologue.runtime.RemoteInvoker;
import dev.monologue.runtime.ServiceSkeleton;

/** Turns {@code @MonologueService} interfaces into stubs and skeletons (generated code or the dynamic proxy). */
public final class ServiceBindings {
  private ServiceBindings() {}

  /** A stub of {@code service} whose calls go through {@code invoker}. */
  public static <T> T stub(Class<T> service, RemoteInvoker invoker) {
    throw new UnsupportedOperationException("typed services arrive with the processor");
  }

  /** A skeleton that serves {@code service} with {@code implementation}. */
  public static <T> ServiceSkeleton skeleton(Class<T> service, T implementation) {
    throw new UnsupportedOperationException("typed services arrive with the processor");
  }
}
