package dev.monologue.processor;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.TypeName;
import dev.monologue.runtime.ReturnKind;
import java.util.List;

/**
 * One remote method of a service.
 *
 * @param javaName the Java method's name
 * @param wireName the name it travels under
 * @param constantName the stub constant holding its descriptor
 * @param parameters its parameters, in order
 * @param returnType the declared return type
 * @param resultType a {@code java.lang.reflect.Type} expression of the result: the return type, the future's
 *     {@code T}, or {@code Void.class}
 * @param returnKind how the result is handed back
 * @param thrownTypes the exception types the method declares
 * @param varargs whether the last parameter is variable-arity
 */
record MethodModel(
    String javaName,
    String wireName,
    String constantName,
    List<ParameterModel> parameters,
    TypeName returnType,
    CodeBlock resultType,
    ReturnKind returnKind,
    List<TypeName> thrownTypes,
    boolean varargs) {
  MethodModel {
    parameters = List.copyOf(parameters);
    thrownTypes = List.copyOf(thrownTypes);
  }
}
