package dev.monologue.processor;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;

/** What both generated files share: the {@code @Generated} marker, file layout, and unchecked casts. */
final class Generation {
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private Generation() {}

  static AnnotationSpec generatedAnnotation() {
    return AnnotationSpec.builder(GENERATED)
        .addMember("value", "$S", MonologueProcessor.class.getCanonicalName())
        .build();
  }

  static AnnotationSpec suppressUnchecked() {
    return AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build();
  }

  static JavaFile javaFile(ServiceModel model, TypeSpec type) {
    return JavaFile.builder(model.interfaceName().packageName(), type)
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** Whether a cast to {@code type} is unchecked: it has type arguments somewhere. */
  static boolean isGeneric(TypeName type) {
    if (type instanceof ArrayTypeName array) {
      return isGeneric(array.componentType);
    }
    return type instanceof ParameterizedTypeName;
  }
}
