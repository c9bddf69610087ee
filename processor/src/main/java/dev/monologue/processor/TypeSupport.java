package dev.monologue.processor;

import dev.monologue.runtime.ReturnKind;
import dev.monologue.runtime.TypeRules;
import java.util.List;
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
 * The processor's view of the types a remote method can carry: {@link TypeRules}, the rules the dynamic proxy
 * applies too, over {@code javax.lang.model} types; plus what only generated code needs (how a result comes back,
 * whether generated code can name a type).
 */
final class TypeSupport implements TypeRules.Model<TypeMirror> {
  private static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
  private static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

  private final Elements elements;
  private final Types types;
  private final TypeRules<TypeMirror> rules = new TypeRules<>(this);

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
  TypeRules.Problem checkReturn(TypeMirror returnType) {
    return rules.checkReturn(returnType);
  }

  /** Checks a parameter type, or a result type inside a future; null when it is supported. */
  TypeRules.Problem check(TypeMirror type) {
    return rules.check(type);
  }

  @Override
  public TypeRules.Shape shape(TypeMirror type) {
    switch (type.getKind()) {
      case VOID:
        return TypeRules.Shape.VOID;
      case BOOLEAN:
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
      case CHAR:
      case FLOAT:
      case DOUBLE:
        return TypeRules.Shape.PRIMITIVE;
      case ERROR: // javac reports unresolved types itself
        return TypeRules.Shape.UNRESOLVED;
      case ARRAY:
        return TypeRules.Shape.ARRAY;
      case TYPEVAR:
        return TypeRules.Shape.TYPE_VARIABLE;
      case WILDCARD:
        return TypeRules.Shape.WILDCARD;
      case DECLARED:
        return TypeRules.Shape.DECLARED;
      default:
        return TypeRules.Shape.OTHER;
    }
  }

  @Override
  public TypeMirror component(TypeMirror array) {
    return ((ArrayType) array).getComponentType();
  }

  @Override
  public String qualifiedName(TypeMirror declared) {
    return element(declared).getQualifiedName().toString();
  }

  @Override
  public String simpleName(TypeMirror declared) {
    return element(declared).getSimpleName().toString();
  }

  @Override
  public int typeParameterCount(TypeMirror declared) {
    return element(declared).getTypeParameters().size();
  }

  @Override
  public List<TypeMirror> typeArguments(TypeMirror declared) {
    return List.copyOf(((DeclaredType) declared).getTypeArguments());
  }

  @Override
  public boolean isSubtypeOf(TypeMirror declared, String qualifiedName) {
    TypeElement target = elements.getTypeElement(qualifiedName);
    return target != null && types.isSubtype(types.erasure(declared), types.erasure(target.asType()));
  }

  @Override
  public boolean isFunction(TypeMirror declared) {
    TypeElement element = element(declared);
    if (element.getKind() != ElementKind.INTERFACE) {
      return false;
    }
    if (element.getAnnotation(FunctionalInterface.class) != null) {
      return true;
    }
    PackageElement pkg = elements.getPackageOf(element);
    return pkg.getQualifiedName().contentEquals("java.util.function");
  }

  @Override
  public String display(TypeMirror type) {
    return type.toString();
  }

  private static TypeElement element(TypeMirror declared) {
    return (TypeElement) ((DeclaredType) declared).asElement();
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
}
