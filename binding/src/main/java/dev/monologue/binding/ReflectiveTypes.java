package dev.monologue.binding;

import dev.monologue.runtime.TypeRules;
import dev.monologue.runtime.TypeRules.Shape;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@link TypeRules} over {@code java.lang.reflect} types, for services used without the processor. Types are shown
 * as the processor shows them ({@code Outer.Inner}, not {@code Outer$Inner}), so that messages match.
 */
final class ReflectiveTypes implements TypeRules.Model<Type> {
  static final TypeRules<Type> RULES = new TypeRules<>(new ReflectiveTypes());

  /** The supertypes the rules name; all in java.base, none loaded because a remote named it. */
  private static final Map<String, Class<?>> KNOWN = Map.of(
      "java.util.concurrent.Future", java.util.concurrent.Future.class,
      "java.util.concurrent.CompletionStage", java.util.concurrent.CompletionStage.class,
      "java.lang.Thread", Thread.class,
      "java.lang.AutoCloseable", AutoCloseable.class,
      "java.util.Iterator", java.util.Iterator.class,
      "java.util.Spliterator", java.util.Spliterator.class,
      "java.util.Enumeration", java.util.Enumeration.class);

  private ReflectiveTypes() {}

  @Override
  public Shape shape(Type type) {
    if (type instanceof Class<?> c) {
      if (c == void.class) {
        return Shape.VOID;
      }
      return c.isPrimitive() ? Shape.PRIMITIVE : c.isArray() ? Shape.ARRAY : Shape.DECLARED;
    }
    if (type instanceof ParameterizedType) {
      return Shape.DECLARED;
    }
    if (type instanceof GenericArrayType) {
      return Shape.ARRAY;
    }
    if (type instanceof TypeVariable<?>) {
      return Shape.TYPE_VARIABLE;
    }
    return type instanceof WildcardType ? Shape.WILDCARD : Shape.OTHER;
  }

  @Override
  public Type component(Type array) {
    return array instanceof GenericArrayType g ? g.getGenericComponentType() : ((Class<?>) array).getComponentType();
  }

  @Override
  public String qualifiedName(Type declared) {
    return name(raw(declared));
  }

  @Override
  public String simpleName(Type declared) {
    return raw(declared).getSimpleName();
  }

  @Override
  public int typeParameterCount(Type declared) {
    return raw(declared).getTypeParameters().length;
  }

  @Override
  public List<Type> typeArguments(Type declared) {
    return declared instanceof ParameterizedType p ? Arrays.asList(p.getActualTypeArguments()) : List.of();
  }

  @Override
  public boolean isSubtypeOf(Type declared, String qualifiedName) {
    Class<?> target = KNOWN.get(qualifiedName);
    Class<?> raw = raw(declared);
    return target != null ? target.isAssignableFrom(raw) : name(raw).equals(qualifiedName);
  }

  @Override
  public boolean isFunction(Type declared) {
    Class<?> c = raw(declared);
    return c.isInterface() && (c.isAnnotationPresent(FunctionalInterface.class)
        || c.getPackageName().equals("java.util.function"));
  }

  @Override
  public String display(Type type) {
    return typeName(type);
  }

  /** {@code type} as the processor shows a {@code TypeMirror}. */
  static String typeName(Type type) {
    if (type instanceof Class<?> c) {
      return c.isArray() ? typeName(c.getComponentType()) + "[]" : name(c);
    }
    if (type instanceof ParameterizedType p) {
      List<String> arguments = new ArrayList<>();
      for (Type argument : p.getActualTypeArguments()) {
        arguments.add(typeName(argument));
      }
      return name((Class<?>) p.getRawType()) + "<" + String.join(",", arguments) + ">";
    }
    if (type instanceof GenericArrayType g) {
      return typeName(g.getGenericComponentType()) + "[]";
    }
    if (type instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) {
        return "? super " + typeName(w.getLowerBounds()[0]);
      }
      Type upper = w.getUpperBounds()[0];
      return upper == Object.class ? "?" : "? extends " + typeName(upper);
    }
    return type.getTypeName();
  }

  /** How messages name {@code method} of {@code service}, as the processor names it. */
  static String where(Class<?> service, Method method) {
    Class<?> owner = method.getDeclaringClass();
    List<String> parameters = new ArrayList<>();
    for (Type parameter : method.getGenericParameterTypes()) {
      parameters.add(typeName(parameter));
    }
    return TypeRules.where(owner == service ? owner.getSimpleName() : name(owner), method.getName(), parameters);
  }

  private static Class<?> raw(Type declared) {
    return declared instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) declared;
  }

  private static String name(Class<?> c) {
    String canonical = c.getCanonicalName();
    return canonical != null ? canonical : c.getName();
  }
}
