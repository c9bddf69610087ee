package dev.monologue.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The one set of rules for the types a remote method may carry, with one set of keys and fixes: the annotation
 * processor applies them to {@code javax.lang.model} types, the dynamic proxy to {@code java.lang.reflect} types,
 * each through its own {@link Model}, so the same mistake gets the same message whether the processor ran or not.
 *
 * <p>Arguments and results travel as plain JSON with no type information, so the receiver must be able to rebuild
 * a value from the declared type alone. A type is supported when it is a primitive, an array of a supported type,
 * or a class, record, enum or interface with every type argument given and supported; and it is none of these, at
 * any depth: a type variable, a wildcard, a raw use of a generic type, {@code Object}, a future (only the outermost
 * return type may be {@code CompletableFuture<T>} or {@code CompletionStage<T>}), a live resource or cursor
 * ({@code AutoCloseable}, {@code Iterator}, {@code Spliterator}, {@code Enumeration}), {@code Class},
 * {@code ClassLoader}, {@code Thread}, {@code ThreadGroup}, or a function (an interface annotated
 * {@code @FunctionalInterface} or from {@code java.util.function}). A return type may also be {@code void}.
 *
 * @param <T> how the caller represents a type
 */
public final class TypeRules<T> {
  /** The key of every message about a type that cannot travel. */
  public static final String UNSUPPORTED_TYPE = "UnsupportedType";

  private static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
  private static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";
  private static final String FUTURE = "java.util.concurrent.Future";
  private static final List<String> NOT_DATA = List.of("java.lang.Class", "java.lang.ClassLoader",
      "java.lang.ThreadGroup");
  private static final List<String> RESOURCES = List.of("java.lang.AutoCloseable", "java.util.Iterator",
      "java.util.Spliterator", "java.util.Enumeration");

  /** What a type is, as far as the rules care. */
  public enum Shape {
    /** {@code void}. */
    VOID,
    /** A primitive type. */
    PRIMITIVE,
    /** An array type. */
    ARRAY,
    /** A class, interface, record or enum, with or without type arguments. */
    DECLARED,
    /** A type variable. */
    TYPE_VARIABLE,
    /** A wildcard. */
    WILDCARD,
    /** A type the compiler could not resolve: it reports that itself. */
    UNRESOLVED,
    /** Anything else (an intersection or union type, ...). */
    OTHER
  }

  /** How one side sees types: the processor's {@code TypeMirror}s or the run time's {@code Type}s. */
  public interface Model<T> {
    /** What {@code type} is. */
    Shape shape(T type);

    /** The component type of an array. */
    T component(T array);

    /** The qualified name of a declared type's class or interface (its erasure). */
    String qualifiedName(T declared);

    /** The simple name of a declared type's class or interface. */
    String simpleName(T declared);

    /** How many type parameters the declared type's class or interface has. */
    int typeParameterCount(T declared);

    /** The type arguments a declared type gives (empty when raw or not generic). */
    List<T> typeArguments(T declared);

    /** Whether the declared type's erasure is {@code qualifiedName} or a subtype of it. */
    boolean isSubtypeOf(T declared, String qualifiedName);

    /** Whether the declared type is an interface annotated {@code @FunctionalInterface} or in java.util.function. */
    boolean isFunction(T declared);

    /** The type as messages show it. */
    String display(T type);
  }

  /** What is wrong with a type, and what to do about it. */
  public record Problem(String what, String fix) {
    /** Checks that both parts are given. */
    public Problem {
      Objects.requireNonNull(what, "what == null");
      Objects.requireNonNull(fix, "fix == null");
    }

    /** {@code what. fix.} */
    public String sentence() {
      return what + ". " + fix + ".";
    }
  }

  private final Model<T> model;

  /** Rules over the types of {@code model}. */
  public TypeRules(Model<T> model) {
    this.model = Objects.requireNonNull(model, "model == null");
  }

  /** Whether {@code returnType} hands its result back through a future: {@code CompletableFuture} or {@code CompletionStage}. */
  public boolean isFutureReturn(T returnType) {
    if (model.shape(returnType) != Shape.DECLARED) {
      return false;
    }
    String name = model.qualifiedName(returnType);
    return name.equals(COMPLETABLE_FUTURE) || name.equals(COMPLETION_STAGE);
  }

  /** Checks a return type; null when it is supported. */
  public Problem checkReturn(T returnType) {
    if (model.shape(returnType) == Shape.VOID) {
      return null;
    }
    if (isFutureReturn(returnType)) {
      List<T> arguments = model.typeArguments(returnType);
      if (arguments.isEmpty()) {
        return new Problem(model.display(returnType) + " is a raw type",
            "Give the future its result type, such as CompletableFuture<String> or CompletableFuture<Void>");
      }
      return check(arguments.get(0));
    }
    if (model.shape(returnType) == Shape.DECLARED
        && (model.isSubtypeOf(returnType, FUTURE) || model.isSubtypeOf(returnType, COMPLETION_STAGE))) {
      return new Problem(model.qualifiedName(returnType) + " is not an asynchronous result Monologue can complete",
          "Return CompletableFuture<T> or CompletionStage<T>");
    }
    return check(returnType);
  }

  /** Checks a parameter type, or a result type inside a future; null when it is supported. */
  public Problem check(T type) {
    switch (model.shape(type)) {
      case PRIMITIVE:
      case UNRESOLVED:
        return null;
      case ARRAY:
        return check(model.component(type));
      case TYPE_VARIABLE:
        return new Problem(model.display(type) + " is a type variable",
            "Use a concrete type: no type information travels, so the receiver could not know what to decode");
      case WILDCARD:
        return new Problem(model.display(type) + " is a wildcard", "Use an exact type argument, such as List<Person>");
      case DECLARED:
        return checkDeclared(type);
      default:
        return new Problem(model.display(type) + " is not a value type",
            "Use a class, record, enum, array or primitive");
    }
  }

  private Problem checkDeclared(T type) {
    String name = model.qualifiedName(type);
    int parameters = model.typeParameterCount(type);
    List<T> arguments = model.typeArguments(type);
    if (parameters > 0 && arguments.isEmpty()) {
      return new Problem(name + " is a raw type", "Give its type arguments, such as " + model.simpleName(type)
          + "<String" + ", String".repeat(parameters - 1) + ">");
    }
    if (name.equals("java.lang.Object")) {
      return new Problem("Object says nothing about what to decode",
          "Use the exact type, or com.fasterxml.jackson.databind.JsonNode for free-form JSON");
    }
    if (model.isSubtypeOf(type, FUTURE) || model.isSubtypeOf(type, COMPLETION_STAGE)) {
      return new Problem(name + " is a future, and futures only travel as the return type",
          "Pass the value itself, or return CompletableFuture<T>");
    }
    if (NOT_DATA.contains(name) || model.isSubtypeOf(type, "java.lang.Thread")) {
      return new Problem(name + " is not data", "Pass the data it stands for, such as a name");
    }
    for (String resource : RESOURCES) {
      if (model.isSubtypeOf(type, resource)) {
        return new Problem(name + " is a live resource or cursor, not a value",
            "Pass the data itself, such as a List or a byte[]");
      }
    }
    if (model.isFunction(type)) {
      return new Problem(name + " is a function, and code does not travel",
          "Make the operation a method of a service the other machine registers");
    }
    for (T argument : arguments) {
      Problem problem = check(argument);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** The message about parameter {@code parameter} (its name) of {@code where}, whose {@code type} cannot travel. */
  public static String parameterMessage(String where, String parameter, String type, Problem problem) {
    return "Parameter '" + parameter + "' of " + where + " has type " + type + ", which Monologue cannot carry: "
        + problem.sentence();
  }

  /** The message about {@code where}, whose return type {@code type} cannot travel. */
  public static String returnMessage(String where, String type, Problem problem) {
    return where + " returns " + type + ", which Monologue cannot carry: " + problem.sentence();
  }

  /** {@code [Monologue/key] message}: the form of every processor diagnostic and run-time refusal of a service. */
  public static String tagged(String key, String message) {
    return "[Monologue/" + key + "] " + message;
  }

  /** How a method is named in messages: {@code Owner.method(type, type)}. */
  public static String where(String owner, String method, List<String> parameterTypes) {
    return owner + "." + method + "(" + String.join(", ", parameterTypes) + ")";
  }
}
