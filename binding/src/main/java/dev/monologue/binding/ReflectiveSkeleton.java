package dev.monologue.binding;

import dev.monologue.runtime.ServiceDescriptor;
import dev.monologue.runtime.ServiceSkeleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/** Serves a service without generated code: finds the cached {@link Method} by wire name and invokes it. */
final class ReflectiveSkeleton implements ServiceSkeleton {
  private final ReflectiveService described;
  private final Object implementation;

  ReflectiveSkeleton(ReflectiveService described, Object implementation) {
    this.described = described;
    this.implementation = implementation;
    for (var descriptor : described.descriptor().methods()) {
      Method method = described.method(descriptor.wireName());
      if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
        // The methods of a package-private interface are otherwise out of reach from this package.
        try {
          method.setAccessible(true);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(method.getDeclaringClass().getName() + " is not public and its"
              + " package is not open to Monologue, so " + ReflectiveService.where(method) + " cannot be served"
              + " without generated code. Run the Monologue processor, or make the interface public.", e);
        }
      }
    }
  }

  @Override
  public ServiceDescriptor descriptor() {
    return described.descriptor();
  }

  @Override
  public Object dispatch(String wireName, Object[] args) throws Exception {
    Method method = described.method(wireName);
    if (method == null) {
      ServiceDescriptor d = described.descriptor();
      throw new IllegalArgumentException("Service " + d.serviceName() + " (" + d.type().getCanonicalName()
          + ") has no method with wire name '" + wireName + "'");
    }
    try {
      return method.invoke(implementation, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
