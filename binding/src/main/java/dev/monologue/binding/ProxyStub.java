package dev.monologue.binding;

import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.RemoteInvoker;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The dynamic-proxy stub used when no generated stub exists: remote methods go to the {@link RemoteInvoker} with
 * the same descriptors the processor writes; default methods run locally; {@code equals}, {@code hashCode} and
 * {@code toString} are answered locally, by identity.
 */
final class ProxyStub implements InvocationHandler {
  private static final Object[] NO_ARGS = {};

  private final Class<?> service;
  private final ReflectiveService described;
  private final RemoteInvoker invoker;

  private ProxyStub(Class<?> service, ReflectiveService described, RemoteInvoker invoker) {
    this.service = service;
    this.described = described;
    this.invoker = invoker;
  }

  static <T> T create(Class<T> service, ReflectiveService described, RemoteInvoker invoker) {
    Object proxy = Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service},
        new ProxyStub(service, described, invoker));
    return service.cast(proxy);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return toString();
      }
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    MethodDescriptor descriptor = described.describe(method);
    if (descriptor == null) {
      throw new IllegalStateException("No descriptor for " + ReflectiveService.where(method) + " of "
          + service.getName() + ": it is neither remote nor local. Please report this.");
    }
    return invoker.invoke(descriptor, args == null ? NO_ARGS : args);
  }

  @Override
  public String toString() {
    return stubName(service);
  }

  /** {@code Greeter stub}, or {@code Outer.Inner stub} for a nested interface, as generated stubs say. */
  static String stubName(Class<?> service) {
    StringBuilder sb = new StringBuilder();
    for (Class<?> c = service; c != null; c = c.getEnclosingClass()) {
      sb.insert(0, sb.length() == 0 ? c.getSimpleName() : c.getSimpleName() + ".");
    }
    return sb.append(" stub").toString();
  }
}
