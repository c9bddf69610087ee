package dev.monologue.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.TypeName;
import dev.monologue.runtime.Types;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Writes a {@link TypeMirror} as a Java expression of the {@code java.lang.reflect.Type} that reflection reports
 * for it: a class literal where the type is a class, else {@link Types#parameterized} and {@link Types#arrayOf}.
 */
final class TypeExpressions {
  private static final ClassName TYPES = ClassName.get(Types.class);

  private TypeExpressions() {}

  static CodeBlock of(TypeMirror type) {
    if (isClass(type)) {
      return CodeBlock.of("$T.class", TypeName.get(type));
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return CodeBlock.of("$T.arrayOf($L)", TYPES, of(((ArrayType) type).getComponentType()));
    }
    if (type.getKind() != TypeKind.DECLARED) {
      throw new IllegalArgumentException("No reflective type for " + type + " (" + type.getKind() + ")");
    }
    DeclaredType declared = (DeclaredType) type;
    ClassName raw = ClassName.get((TypeElement) declared.asElement());
    List<CodeBlock> arguments = new ArrayList<>();
    for (TypeMirror argument : declared.getTypeArguments()) {
      arguments.add(of(argument));
    }
    CodeBlock joined = CodeBlock.join(arguments, ", ");
    TypeMirror owner = declared.getEnclosingType();
    if (owner.getKind() == TypeKind.DECLARED && !isClass(owner)) {
      // An inner class of a parameterized type: reflection reports the parameterized owner.
      return arguments.isEmpty()
          ? CodeBlock.of("$T.parameterizedWithOwner($L, $T.class)", TYPES, of(owner), raw)
          : CodeBlock.of("$T.parameterizedWithOwner($L, $T.class, $L)", TYPES, of(owner), raw, joined);
    }
    return CodeBlock.of("$T.parameterized($T.class, $L)", TYPES, raw, joined);
  }

  /** Whether reflection reports {@code type} as a plain {@link Class}: no type argument anywhere in it. */
  static boolean isClass(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return isClass(((ArrayType) type).getComponentType());
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        TypeMirror owner = declared.getEnclosingType();
        return declared.getTypeArguments().isEmpty() && (owner.getKind() != TypeKind.DECLARED || isClass(owner));
      default:
        return type.getKind().isPrimitive();
    }
  }
}
