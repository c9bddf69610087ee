package dev.monologue.runtime;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * One remote method as generated code and the dynamic proxy describe it: part of the contract between generated
 * code and the runtime, versioned with the processor.
 *
 * @param wireName the name the method travels under
 * @param javaName the Java method's name, for error messages
 * @param parameterTypes the exact generic parameter types, used to encode and decode arguments
 * @param resultType the type of the result: the return type, the {@code T} of a future, or {@code Void.class}
 * @param returnKind how the result is handed back
 * @param declaredExceptions exception types the method declares; only these are ever instantiated from a remote
 *     failure
 */
public record MethodDescriptor(
    String wireName,
    String javaName,
    List<Type> parameterTypes,
    Type resultType,
    ReturnKind returnKind,
    List<Class<? extends Throwable>> declaredExceptions) {

  /** Checks that every part is given; keeps unmodifiable copies of the lists. */
  public MethodDescriptor {
    Objects.requireNonNull(wireName, "wireName == null");
    Objects.requireNonNull(javaName, "javaName == null");
    parameterTypes = List.copyOf(parameterTypes);
    Objects.requireNonNull(resultType, "resultType == null");
    Objects.requireNonNull(returnKind, "returnKind == null");
    declaredExceptions = List.copyOf(declaredExceptions);
  }
}
