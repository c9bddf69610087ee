package dev.monologue.processor;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.TypeName;

/**
 * One parameter of a remote method.
 *
 * @param name the name declared in the interface
 * @param type the declared type
 * @param reflectType a {@code java.lang.reflect.Type} expression equal to the type reflection reports
 */
record ParameterModel(String name, TypeName type, CodeBlock reflectType) {}
