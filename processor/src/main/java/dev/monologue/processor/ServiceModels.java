package dev.monologue.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.NameAllocator;
import com.squareup.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/** Builds the {@link ServiceModel} of an interface that {@link ServiceValidator} accepted. */
final class ServiceModels {
  static final String DESCRIPTOR = "DESCRIPTOR";

  private final RemoteMethods remoteMethods;
  private final TypeSupport typeSupport;

  ServiceModels(RemoteMethods remoteMethods, TypeSupport typeSupport) {
    this.remoteMethods = remoteMethods;
    this.typeSupport = typeSupport;
  }

  ServiceModel create(TypeElement type) {
    String serviceName = RemoteMethods.serviceName(type);
    NameAllocator constants = new NameAllocator();
    constants.newName(DESCRIPTOR);
    List<MethodModel> methods = new ArrayList<>();
    for (ExecutableElement method : remoteMethods.of(type)) {
      methods.add(method(serviceName, method, constants));
    }
    return new ServiceModel(type, ClassName.get(type), serviceName, methods);
  }

  private MethodModel method(String serviceName, ExecutableElement method, NameAllocator constants) {
    String javaName = method.getSimpleName().toString();
    List<ParameterModel> parameters = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      TypeMirror type = parameter.asType();
      parameters.add(new ParameterModel(parameter.getSimpleName().toString(), TypeName.get(type),
          TypeExpressions.of(type)));
    }
    TypeMirror result = typeSupport.resultType(method.getReturnType());
    List<TypeName> thrown = new ArrayList<>();
    for (TypeMirror type : method.getThrownTypes()) {
      thrown.add(TypeName.get(type));
    }
    return new MethodModel(
        javaName,
        RemoteMethods.wireName(serviceName, method),
        constants.newName(constantName(javaName), method),
        parameters,
        TypeName.get(method.getReturnType()),
        result == null ? CodeBlock.of("$T.class", Void.class) : TypeExpressions.of(result),
        typeSupport.returnKind(method.getReturnType()),
        thrown,
        method.isVarArgs());
  }

  /** {@code greetAll} becomes {@code GREET_ALL}. */
  static String constantName(String javaName) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(javaName.charAt(i - 1))) {
        sb.append('_');
      }
      sb.append(Character.toUpperCase(c));
    }
    return sb.toString();
  }
}
