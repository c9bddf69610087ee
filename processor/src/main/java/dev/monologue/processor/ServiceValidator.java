package dev.monologue.processor;

import dev.monologue.runtime.TypeRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Checks that a {@code @MonologueService} type can be served and called, and reports every problem it finds on
 * the most specific element: the parameter, then the method, then the type (a method inherited from another type
 * is reported on the service).
 */
final class ServiceValidator {
  private final Diagnostics diagnostics;
  private final RemoteMethods remoteMethods;
  private final TypeSupport typeSupport;

  ServiceValidator(Diagnostics diagnostics, RemoteMethods remoteMethods, TypeSupport typeSupport) {
    this.diagnostics = diagnostics;
    this.remoteMethods = remoteMethods;
    this.typeSupport = typeSupport;
  }

  /** Whether {@code type} is valid; reports each problem. */
  boolean validate(TypeElement type) {
    int before = diagnostics.errorCount();
    if (type.getKind() != ElementKind.INTERFACE) {
      diagnostics.error(type, "NotAnInterface", "@MonologueService is on " + kindName(type) + " "
          + type.getQualifiedName() + ", but only an interface can be a service. Declare the remote methods in an"
          + " interface, annotate it, and implement it in this class.");
      return false;
    }
    if (!TypeSupport.isReachable(type)) {
      diagnostics.error(type, "NotAccessible", type.getQualifiedName() + " is private or local, so the generated"
          + " stub and skeleton beside it cannot reach it. Make it, and every type that encloses it, at least"
          + " package-private and a member of a class or a top-level type.");
    } else if (type.getModifiers().contains(Modifier.SEALED)) {
      diagnostics.error(type, "NotAccessible", type.getQualifiedName() + " is sealed, so the generated stub"
          + " cannot implement it. Remove 'sealed' from the service interface.");
    }
    if (!type.getTypeParameters().isEmpty()) {
      diagnostics.error(type, "TypeParameters", type.getQualifiedName() + " declares type parameters <"
          + joined(type.getTypeParameters()) + ">, but no type information travels, so the receiver could not decode them."
          + " Declare the service with concrete types, e.g. one interface per element type.");
    }
    String serviceName = RemoteMethods.serviceName(type);
    if (serviceName.isBlank()) {
      diagnostics.error(type, "EmptyWireName", "The service name of " + type.getQualifiedName()
          + " is blank. Give @MonologueService a name, or leave its value out to use the interface's name.");
    }

    Map<String, ExecutableElement> wireNames = new HashMap<>();
    for (ExecutableElement method : remoteMethods.of(type)) {
      validateMethod(type, serviceName, method, wireNames);
    }
    return diagnostics.errorCount() == before;
  }

  private void validateMethod(TypeElement type, String serviceName, ExecutableElement method,
      Map<String, ExecutableElement> wireNames) {
    String where = describe(type, method);
    Element methodSite = site(type, method, method);
    if (!method.getTypeParameters().isEmpty()) {
      diagnostics.error(methodSite, "TypeParameters", where + " declares type parameters <"
          + joined(method.getTypeParameters()) + ">, but no type information travels, so the receiver could not decode"
          + " them. Use concrete types.");
    }
    String override = RemoteMethods.methodOverride(method);
    if (override != null && override.isBlank()) {
      diagnostics.error(methodSite, "EmptyWireName", "@MonologueMethod on " + where + " has a blank name. Give"
          + " it the exact wire name, or remove the annotation to use " + serviceName + "."
          + method.getSimpleName() + ".");
    } else {
      String wireName = RemoteMethods.wireName(serviceName, method);
      ExecutableElement first = wireNames.putIfAbsent(wireName, method);
      if (first != null) {
        diagnostics.error(methodSite, "DuplicateWireName", where + " has the wire name '" + wireName
            + "', like " + describe(type, first) + ". Give one of them another name with @MonologueMethod.");
      }
    }

    for (VariableElement parameter : method.getParameters()) {
      TypeRules.Problem problem = typeSupport.check(parameter.asType());
      Element parameterSite = site(type, method, parameter);
      if (problem != null) {
        diagnostics.error(parameterSite, TypeRules.UNSUPPORTED_TYPE, TypeRules.parameterMessage(where,
            parameter.getSimpleName().toString(), parameter.asType().toString(), problem));
      } else {
        reportInaccessible(parameterSite, "Parameter '" + parameter.getSimpleName() + "' of " + where,
            typeSupport.firstInaccessible(parameter.asType()));
      }
    }

    TypeRules.Problem problem = typeSupport.checkReturn(method.getReturnType());
    if (problem != null) {
      diagnostics.error(methodSite, TypeRules.UNSUPPORTED_TYPE,
          TypeRules.returnMessage(where, method.getReturnType().toString(), problem));
    } else {
      reportInaccessible(methodSite, "The return type of " + where,
          typeSupport.firstInaccessible(method.getReturnType()));
    }
    for (var thrown : method.getThrownTypes()) {
      reportInaccessible(methodSite, "An exception declared by " + where, typeSupport.firstInaccessible(thrown));
    }
  }

  private void reportInaccessible(Element site, String what, TypeElement inaccessible) {
    if (inaccessible != null) {
      diagnostics.error(site, "NotAccessible", what + " uses " + inaccessible.getQualifiedName()
          + ", which is private or local, so generated code cannot name it. Make it at least package-private.");
    }
  }

  /** {@code specific} when the method is declared in the service itself, else the service. */
  private static Element site(TypeElement type, ExecutableElement method, Element specific) {
    return method.getEnclosingElement().equals(type) ? specific : type;
  }

  private static String describe(TypeElement type, ExecutableElement method) {
    Element owner = method.getEnclosingElement();
    String ownerName = owner.equals(type) ? type.getSimpleName().toString()
        : ((TypeElement) owner).getQualifiedName().toString();
    List<String> parameters = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      parameters.add(parameter.asType().toString());
    }
    return TypeRules.where(ownerName, method.getSimpleName().toString(), parameters);
  }

  private static String joined(List<? extends Element> elements) {
    StringBuilder sb = new StringBuilder();
    for (Element element : elements) {
      sb.append(sb.length() == 0 ? "" : ", ").append(element.getSimpleName());
    }
    return sb.toString();
  }

  private static String kindName(TypeElement type) {
    switch (type.getKind()) {
      case ANNOTATION_TYPE:
        return "the annotation type";
      case ENUM:
        return "the enum";
      default:
        return type.getKind().name().equals("RECORD") ? "the record" : "the class";
    }
  }
}
