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
  /** Placeholders a stub can unbox, whether its descriptor gives a primitive result type or its wrapper. */
  private static final Map<Type, Object> ZEROS = Map.ofEntries(Map.entry(boolean.class, false),
      Map.entry(Boolean.class, false), Map.entry(char.class, '\0'), Map.entry(Character.class, '\0'),
      Map.entry(byte.class, (byte) 0), Map.entry(Byte.class, (byte) 0), Map.entry(short.class, (short) 0),
      Map.entry(Short.class, (short) 0), Map.entry(int.class, 0), Map.entry(Integer.class, 0),
      Map.entry(long.class, 0L), Map.entry(Long.class, 0L), Map.entry(float.class, 0f), Map.entry(Float.class, 0f),
      Map.entry(double.class, 0d), Map.entry(Double.class, 0d));

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
