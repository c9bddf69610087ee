package dev.monologue.processor;

import dev.monologue.runtime.ReturnKind;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides which types a remote method can carry. Arguments and results travel as plain JSON with no type
 * information, so the receiving side must be able to rebuild a value from the declared type alone. A type is
 * supported when it is:
 *
 * <ul>
 *   <li>a primitive, or an array of a supported type;
 *   <li>a class, record, enum or interface with every type argument given and supported;
 * </ul>
 *
 * <p>and it is none of these, at any depth:
 *
 * <ul>
 *   <li>a type variable, a wildcard, or a raw use of a generic type: the receiver would not know what to decode;
 *   <li>{@code java.lang.Object}: it decodes only as maps and lists (use the exact type, or Jackson's
 *       {@code JsonNode} for free-form JSON);
 *   <li>a {@code Future} or {@code CompletionStage}: only the outermost return type may be a
 *       {@code CompletableFuture<T>} or {@code CompletionStage<T>}; any other future type is refused there too;
 *   <li>a live resource or cursor: anything {@code AutoCloseable} (streams, readers, {@code InputStream},
 *       channels, sockets), {@code Iterator}, {@code Spliterator}, {@code Enumeration};
 *   <li>{@code Class}, {@code ClassLoader}, {@code Thread}, {@code ThreadGroup}: not data;
 *   <li>a function: an interface annotated {@code @FunctionalInterface} or from {@code java.util.function}.
 * </ul>
 *
 * <p>A return type may also be {@code void}.
 */
final class TypeSupport {
  /** What is wrong with a type, and what to do about it. */
  record Problem(String what, String fix) {}

  private static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
  private static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

  private final Elements elements;
  private final Types types;

  TypeSupport(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** How a method with this return type hands back its result. */
  ReturnKind returnKind(TypeMirror returnType) {
    if (returnType.getKind() == TypeKind.VOID) {
      return ReturnKind.VOID;
    }
    if (isNamed(returnType, COMPLETABLE_FUTURE)) {
      return ReturnKind.FUTURE;
    }
    if (isNamed(returnType, COMPLETION_STAGE)) {
      return ReturnKind.STAGE;
    }
    return ReturnKind.VALUE;
  }

  /** The type of the result: the return type or the future's {@code T}; null for {@code void} or a raw future. */
  TypeMirror resultType(TypeMirror returnType) {
    switch (returnKind(returnType)) {
      case VOID:
        return null;
      case FUTURE:
      case STAGE:
        var args = ((DeclaredType) returnType).getTypeArguments();
        return args.isEmpty() ? null : args.get(0);
      default:
        return returnType;
    }
  }

  /** Checks a return type; null when it is supported. */
  Problem checkReturn(TypeMirror returnType) {
    ReturnKind kind = returnKind(returnType);
    if (kind == ReturnKind.VOID) {
      return null;
    }
    if (kind == ReturnKind.FUTURE || kind == ReturnKind.STAGE) {
      TypeMirror result = resultType(returnType);
      if (result == null) {
        return new Problem(returnType + " is a raw type",
            "Give the future its result type, such as CompletableFuture<String> or CompletableFuture<Void>");
      }
      return check(result);
    }
    if (isSubtypeOf(returnType, "java.util.concurrent.Future") || isSubtypeOf(returnType, COMPLETION_STAGE)) {
      return new Problem(types.erasure(returnType) + " is not an asynchronous result Monologue can complete",
          "Return CompletableFuture<T> or CompletionStage<T>");
    }
    return check(returnType);
  }

  /** Checks a parameter type, or a result type inside a future; null when it is supported. */
  Problem check(TypeMirror type) {
    switch (type.getKind()) {
      case BOOLEAN:
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
      case CHAR:
      case FLOAT:
      case DOUBLE:
      case ERROR: // javac reports unresolved types itself
        return null;
      case ARRAY:
        return check(((ArrayType) type).getComponentType());
      case TYPEVAR:
        return new Problem(type + " is a type variable",
            "Use a concrete type: no type information travels, so the receiver could not know what to decode");
      case WILDCARD:
        return new Problem(type + " is a wildcard", "Use an exact type argument, such as List<Person>");
      case DECLARED:
        return checkDeclared((DeclaredType) type);
      default:
        return new Problem(type + " is not a value type", "Use a class, record, enum, array or primitive");
    }
  }

  private Problem checkDeclared(DeclaredType type) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    if (!element.getTypeParameters().isEmpty() && type.getTypeArguments().isEmpty()) {
      return new Problem(name + " is a raw type", "Give its type arguments, such as " + element.getSimpleName()
          + "<String" + ", String".repeat(element.getTypeParameters().size() - 1) + ">");
    }
    if (name.equals("java.lang.Object")) {
      return new Problem("Object says nothing about what to decode",
          "Use the exact type, or com.fasterxml.jackson.databind.JsonNode for free-form JSON");
    }
    if (isSubtypeOf(type, "java.util.concurrent.Future") || isSubtypeOf(type, COMPLETION_STAGE)) {
      return new Problem(name + " is a future, and futures only travel as the return type",
          "Pass the value itself, or return CompletableFuture<T>");
    }
    if (name.equals("java.lang.Class") || name.equals("java.lang.ClassLoader")
        || isSubtypeOf(type, "java.lang.Thread") || name.equals("java.lang.ThreadGroup")) {
      return new Problem(name + " is not data", "Pass the data it stands for, such as a name");
    }
    if (isSubtypeOf(type, "java.lang.AutoCloseable") || isSubtypeOf(type, "java.util.Iterator")
        || isSubtypeOf(type, "java.util.Spliterator") || isSubtypeOf(type, "java.util.Enumeration")) {
      return new Problem(name + " is a live resource or cursor, not a value",
          "Pass the data itself, such as a List or a byte[]");
    }
    if (isFunction(element)) {
      return new Problem(name + " is a function, and code does not travel",
          "Make the operation a method of a service the other machine registers");
    }
    for (TypeMirror argument : type.getTypeArguments()) {
      Problem problem = check(argument);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private boolean isFunction(TypeElement element) {
    if (element.getKind() != ElementKind.INTERFACE) {
      return false;
    }
    if (element.getAnnotation(FunctionalInterface.class) != null) {
      return true;
    }
    PackageElement pkg = elements.getPackageOf(element);
    return pkg.getQualifiedName().contentEquals("java.util.function");
  }

  /**
   * The first type in {@code type} that generated code in the service's package cannot name: a private or local
   * class. Null when every type is reachable.
   */
  TypeElement firstInaccessible(TypeMirror type) {
    if (type == null) {
      return null;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return firstInaccessible(((ArrayType) type).getComponentType());
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if (!isReachable(element)) {
      return element;
    }
    for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
      TypeElement inaccessible = firstInaccessible(argument);
      if (inaccessible != null) {
        return inaccessible;
      }
    }
    return null;
  }

  /** Whether a class in the same package can name {@code element}: neither it nor an enclosing type is private. */
  static boolean isReachable(TypeElement element) {
    for (Element e = element; !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      if (!e.getKind().isClass() && !e.getKind().isInterface()) {
        return false; // a local class
      }
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
    }
    return true;
  }

  boolean isNamed(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(qualifiedName);
  }

  private boolean isSubtypeOf(TypeMirror type, String qualifiedName) {
    TypeElement target = elements.getTypeElement(qualifiedName);
    return target != null && types.isSubtype(types.erasure(type), types.erasure(target.asType()));
  }
}
