package dev.monologue.processor;

import dev.monologue.MonologueMethod;
import dev.monologue.MonologueService;
import dev.monologue.runtime.WireNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the remote methods of a service, the way the runtime's reflection does: the abstract methods of the
 * interface and of its superinterfaces, minus those a subinterface overrides and minus redeclared methods of
 * {@code Object}. Default, static and private methods stay local.
 */
final class RemoteMethods {
  private final Elements elements;
  private final Types types;

  RemoteMethods(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The remote methods of {@code service}: its own in declaration order, then inherited ones. */
  List<ExecutableElement> of(TypeElement service) {
    List<ExecutableElement> instanceMethods = new ArrayList<>();
    collect(service, service, instanceMethods, new HashSet<>());
    List<ExecutableElement> remote = new ArrayList<>();
    for (ExecutableElement method : instanceMethods) {
      if (method.getModifiers().contains(Modifier.ABSTRACT) && !isObjectMethod(method)) {
        remote.add(method);
      }
    }
    return remote;
  }

  private void collect(TypeElement type, TypeElement service, List<ExecutableElement> out, Set<String> visited) {
    if (!visited.add(type.getQualifiedName().toString())) {
      return;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Set<Modifier> modifiers = method.getModifiers();
      if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)) {
        continue;
      }
      if (!isOverridden(method, out, service)) {
        out.add(method);
      }
    }
    for (TypeMirror parent : type.getInterfaces()) {
      if (parent.getKind() == TypeKind.DECLARED) {
        collect((TypeElement) ((DeclaredType) parent).asElement(), service, out, visited);
      }
    }
  }

  private boolean isOverridden(ExecutableElement method, List<ExecutableElement> seen, TypeElement service) {
    for (ExecutableElement other : seen) {
      if (other.getSimpleName().equals(method.getSimpleName()) && elements.overrides(other, method, service)) {
        return true;
      }
    }
    return false;
  }

  /** {@code equals(Object)}, {@code hashCode()} or {@code toString()} redeclared in the interface. */
  boolean isObjectMethod(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    List<? extends javax.lang.model.element.VariableElement> params = method.getParameters();
    switch (name) {
      case "hashCode":
      case "toString":
        return params.isEmpty();
      case "equals":
        return params.size() == 1 && types.isSameType(params.get(0).asType(),
            elements.getTypeElement("java.lang.Object").asType());
      default:
        return false;
    }
  }

  /** The service's wire name: the annotation's value, or the simple name when that is empty. */
  static String serviceName(TypeElement service) {
    MonologueService annotation = service.getAnnotation(MonologueService.class);
    return WireNames.serviceName(annotation == null ? null : annotation.value(),
        service.getSimpleName().toString());
  }

  /** The value of {@code @MonologueMethod} on {@code method}, or null when absent. */
  static String methodOverride(Element method) {
    MonologueMethod annotation = method.getAnnotation(MonologueMethod.class);
    return annotation == null ? null : annotation.value();
  }

  static String wireName(String serviceName, ExecutableElement method) {
    return WireNames.methodName(serviceName, method.getSimpleName().toString(), methodOverride(method));
  }
}
