package dev.monologue.runtime;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds {@link Type}s for generated code: parameterized and array types that are equal to, and hash like, the ones
 * the JDK's reflection returns, so that generated descriptors equal those the dynamic proxy builds. Part of the
 * contract between generated code and the runtime.
 */
public final class Types {
  private Types() {}

  /** {@code raw<args...>} for a top-level or static nested {@code raw}; its owner is {@code raw}'s enclosing class. */
  public static ParameterizedType parameterized(Class<?> raw, Type... args) {
    Objects.requireNonNull(raw, "raw == null");
    return new ParameterizedTypeImpl(raw.getDeclaringClass(), raw, args);
  }

  /** {@code owner.raw<args...>}, for a type nested in a parameterized owner such as {@code Outer<String>.Inner<T>}. */
  public static ParameterizedType parameterizedWithOwner(Type owner, Class<?> raw, Type... args) {
    Objects.requireNonNull(raw, "raw == null");
    return new ParameterizedTypeImpl(owner, raw, args);
  }

  /**
   * The array type of {@code component}: the array {@link Class} when {@code component} is a class (as the JDK
   * reports {@code String[]} or {@code int[]}), else a {@link GenericArrayType} such as {@code List<String>[]}.
   */
  public static Type arrayOf(Type component) {
    Objects.requireNonNull(component, "component == null");
    if (component instanceof Class<?> c) {
      return c.arrayType();
    }
    return new GenericArrayTypeImpl(component);
  }

  private static Type[] checkArguments(Class<?> raw, Type[] args) {
    Objects.requireNonNull(args, "args == null");
    Type[] copy = args.clone();
    if (copy.length != raw.getTypeParameters().length) {
      throw new IllegalArgumentException(raw.getName() + " takes " + raw.getTypeParameters().length
          + " type arguments, got " + copy.length);
    }
    for (int i = 0; i < copy.length; i++) {
      Objects.requireNonNull(copy[i], "args[" + i + "] == null");
      if (copy[i] instanceof Class<?> c && c.isPrimitive()) {
        throw new IllegalArgumentException("A type argument cannot be primitive: " + c + " in " + raw.getName());
      }
    }
    return copy;
  }

  private static String typeName(Type type) {
    return type instanceof Class<?> c ? c.getTypeName() : type.toString();
  }

  /** Equal to the JDK's: same raw type, owner and arguments; hash as {@code sun.reflect...ParameterizedTypeImpl}. */
  private static final class ParameterizedTypeImpl implements ParameterizedType {
    private final Type owner;
    private final Class<?> raw;
    private final Type[] args;

    ParameterizedTypeImpl(Type owner, Class<?> raw, Type[] args) {
      this.owner = owner;
      this.raw = raw;
      this.args = checkArguments(raw, args);
    }

    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof ParameterizedType that)) {
        return false;
      }
      if (this == that) {
        return true;
      }
      return raw.equals(that.getRawType())
          && Objects.equals(owner, that.getOwnerType())
          && Arrays.equals(args, that.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(args) ^ Objects.hashCode(owner) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (owner != null) {
        sb.append(typeName(owner)).append('$').append(raw.getSimpleName());
      } else {
        sb.append(raw.getName());
      }
      if (args.length > 0) {
        sb.append('<');
        for (int i = 0; i < args.length; i++) {
          if (i > 0) {
            sb.append(", ");
          }
          sb.append(typeName(args[i]));
        }
        sb.append('>');
      }
      return sb.toString();
    }
  }

  /** Equal to the JDK's: same component type; hash is the component's hash. */
  private static final class GenericArrayTypeImpl implements GenericArrayType {
    private final Type component;

    GenericArrayTypeImpl(Type component) {
      if (component instanceof TypeVariable<?> || component instanceof WildcardType) {
        // Generated code never needs these; refusing keeps equality with reflection simple and exact.
        throw new IllegalArgumentException("Unsupported array component " + component);
      }
      this.component = component;
    }

    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GenericArrayType that && component.equals(that.getGenericComponentType());
    }

    @Override
    public int hashCode() {
      return component.hashCode();
    }

    @Override
    public String toString() {
      return typeName(component) + "[]";
    }
  }
}
