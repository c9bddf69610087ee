package dev.monologue.transport;

import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.RemoteInvoker;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The invoker of a stub that sends nothing: it notes the one call made on it (which method, which arguments), so
 * that a typed {@code callAll} learns them from {@code b -> b.total(order)}, through the generated stub or the proxy
 * alike. Each call gets a placeholder result: zero for a primitive, null for an object, an unfinished future.
 */
final class CallRecorder implements RemoteInvoker {
  private static final Map<Type, Object> ZEROS = Map.of(boolean.class, false, char.class, '\0', byte.class,
      (byte) 0, short.class, (short) 0, int.class, 0, long.class, 0L, float.class, 0f, double.class, 0d);

  private MethodDescriptor method;
  private Object[] args;
  private int calls;

  @Override
  public Object invoke(MethodDescriptor method, Object[] args) {
    calls++;
    this.method = method;
    this.args = args == null ? new Object[0] : args.clone();
    switch (method.returnKind()) {
      case FUTURE:
      case STAGE:
        return new CompletableFuture<>();
      case VOID:
        return null;
      default:
        return ZEROS.get(method.resultType());
    }
  }

  /**
   * The one method called, or an IllegalArgumentException naming {@code service} and what went wrong (no call, or
   * more than one).
   */
  MethodDescriptor method(Class<?> service) {
    if (calls != 1) {
      throw new IllegalArgumentException("The function given to callAll must call exactly one method of "
          + service.getName() + " on the stub it is given, and only that: it called " + calls);
    }
    return method;
  }

  Object[] args() {
    return args;
  }
}
