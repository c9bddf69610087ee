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
   * A dynamic-proxy stub even when a generated one exists.
   *
   * <p><b>Internal:</b> for Monologue's own test suites, which compare the generated and the proxy
   * path on the same interface; not for users, may change without notice.
   */
  public static <T> T proxyStub(Class<T> service, RemoteInvoker invoker) {
    ServiceCheck.requireService(service);
    Objects.requireNonNull(invoker, "invoker == null");
    return ProxyStub.create(service, ReflectiveService.of(service), invoker);
  }

  /**
   * A reflective skeleton even when a generated one exists.
   *
   * <p><b>Internal:</b> for Monologue's own test suites, which compare the generated and the
   * reflective path on the same interface; not for users, may change without notice.
   */
  public static <T> ServiceSkeleton reflectiveSkeleton(Class<T> service, T implementation) {
    ServiceCheck.requireService(service);
    Objects.requireNonNull(implementation, "implementation == null");
    return new ReflectiveSkeleton(ReflectiveService.of(service), service.cast(implementation));
  }
}
