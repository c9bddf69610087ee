package dev.monologue.transport.typed;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The processor's rules for the types a remote method may carry (see {@code dev.monologue.processor.TypeSupport}),
 * checked again by reflection so that a service compiled without the processor is refused the same way.
 */
final class TypeRules {
  private TypeRules() {}

  /** What makes {@code type} unfit to travel, or null when it is fine. */
  static String problem(Type type) {
    if (type instanceof Class<?> c) {
      if (c.isArray()) {
        return problem(c.getComponentType());
      }
      if (c.getTypeParameters().length > 0) {
        return c.getName() + " is a raw type; give its type arguments";
      }
      return classProblem(c);
    }
    if (type instanceof ParameterizedType p) {
      String problem = classProblem((Class<?>) p.getRawType());
      if (problem != null) {
        return problem;
      }
      for (Type argument : p.getActualTypeArguments()) {
        problem = problem(argument);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    if (type instanceof GenericArrayType a) {
      return problem(a.getGenericComponentType());
    }
    if (type instanceof TypeVariable<?>) {
      return type.getTypeName() + " is a type variable; use a concrete type";
    }
    if (type instanceof WildcardType) {
      return type.getTypeName() + " is a wildcard; use an exact type argument";
    }
    return type.getTypeName() + " is not a value type";
  }

  private static String classProblem(Class<?> c) {
    if (c == Object.class) {
      return "Object says nothing about what to decode; use the exact type, or JsonNode for free-form JSON";
    }
    if (Future.class.isAssignableFrom(c) || CompletionStage.class.isAssignableFrom(c)) {
      return c.getName() + " is a future, and futures only travel as the return type";
    }
    if (c == Class.class || c == ClassLoader.class || Thread.class.isAssignableFrom(c) || c == ThreadGroup.class) {
      return c.getName() + " is not data";
    }
    if (AutoCloseable.class.isAssignableFrom(c) || Iterator.class.isAssignableFrom(c)
        || Spliterator.class.isAssignableFrom(c) || java.util.Enumeration.class.isAssignableFrom(c)) {
      return c.getName() + " is a live resource or cursor, not a value";
    }
    if (c.isInterface() && (c.isAnnotationPresent(FunctionalInterface.class)
        || c.getPackageName().equals("java.util.function"))) {
      return c.getName() + " is a function, and code does not travel";
    }
    return null;
  }
}
