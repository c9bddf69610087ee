package dev.monologue.binding;

import dev.monologue.runtime.RemoteInvoker;
import dev.monologue.runtime.ServiceSkeleton;
import java.util.Objects;

/**
 * Turns {@code @MonologueService} interfaces into stubs and skeletons: the classes the annotation processor
 * generated when they exist (looked up once per interface), else a dynamic proxy and a reflective skeleton that
 * build the same descriptors and so send and serve the same frames.
 */
public final class ServiceBindings {
  private ServiceBindings() {}

  /** A stub of {@code service} whose calls go through {@code invoker}: the generated one, else a proxy. */
  public static <T> T stub(Class<T> service, RemoteInvoker invoker) {
    ServiceCheck.requireService(service);
    Objects.requireNonNull(invoker, "invoker == null");
    GeneratedClasses generated = GeneratedClasses.of(service);
    if (generated.hasStub()) {
      return service.cast(generated.newStub(invoker));
    }
    return proxyStub(service, invoker);
  }

  /** A skeleton that serves {@code service} with {@code implementation}: the generated one, else reflective. */
  public static <T> ServiceSkeleton skeleton(Class<T> service, T implementation) {
    ServiceCheck.requireService(service);
    Objects.requireNonNull(implementation, "implementation == null");
    GeneratedClasses generated = GeneratedClasses.of(service);
    if (generated.hasSkeleton()) {
      return generated.newSkeleton(service.cast(implementation));
    }
    return reflectiveSkeleton(service, implementation);
  }

  /**
   * A dynamic-proxy stub even when a generated one exists: what a transport binds with when its options turn
   * generated classes off ({@code MonologueOptions.generatedClasses(false)}).
   */
  public static <T> T proxyStub(Class<T> service, RemoteInvoker invoker) {
    ServiceCheck.requireService(service);
    Objects.requireNonNull(invoker, "invoker == null");
    return ProxyStub.create(service, ReflectiveService.of(service), invoker);
  }

  /**
   * A reflective skeleton even when a generated one exists: what a transport serves with when its options turn
   * generated classes off ({@code MonologueOptions.generatedClasses(false)}).
   */
  public static <T> ServiceSkeleton reflectiveSkeleton(Class<T> service, T implementation) {
    ServiceCheck.requireService(service);
    Objects.requireNonNull(implementation, "implementation == null");
    return new ReflectiveSkeleton(ReflectiveService.of(service), service.cast(implementation));
  }
}
