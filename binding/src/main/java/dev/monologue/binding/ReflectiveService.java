package dev.monologue.binding;

import dev.monologue.MonologueMethod;
import dev.monologue.MonologueService;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.ReturnKind;
import dev.monologue.runtime.ServiceDescriptor;
import dev.monologue.runtime.TypeRules;
import dev.monologue.runtime.WireNames;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A service described by reflection, the way the processor describes it: the same wire names, generic types,
 * return kinds and declared exceptions, with methods ordered by wire name. Built once per interface.
 */
final class ReflectiveService {
  private static final ClassValue<ReflectiveService> CACHE = new ClassValue<>() {
    @Override
    protected ReflectiveService computeValue(Class<?> service) {
      return new ReflectiveService(service);
    }
  };

  private final ServiceDescriptor descriptor;
  private final Map<Method, MethodDescriptor> byMethod = new HashMap<>();
  private final Map<String, Method> byWireName = new HashMap<>();

  private ReflectiveService(Class<?> service) {
    MonologueService annotation = service.getAnnotation(MonologueService.class);
    String serviceName = WireNames.serviceName(annotation.value(), service.getSimpleName());
    if (serviceName.isBlank()) {
      throw new IllegalArgumentException("The service name of " + service.getName() + " is blank. Give"
          + " @MonologueService a name, or leave its value out to use the interface's name.");
    }
    List<MethodDescriptor> methods = new ArrayList<>();
    for (Method method : service.getMethods()) {
      if (!isRemote(method)) {
        continue;
      }
      MethodDescriptor described = describe(service, serviceName, method);
      Method clash = byWireName.putIfAbsent(described.wireName(), method);
      if (clash != null) {
        throw new IllegalArgumentException(where(method) + " has the wire name '" + described.wireName()
            + "', like " + where(clash) + ". Give one of them another name with @MonologueMethod.");
      }
      byMethod.put(method, described);
      methods.add(described);
    }
    methods.sort(Comparator.comparing(MethodDescriptor::wireName));
    this.descriptor = new ServiceDescriptor(service, serviceName, methods);
  }

  static ReflectiveService of(Class<?> service) {
    return CACHE.get(service);
  }

  ServiceDescriptor descriptor() {
    return descriptor;
  }

  /** The descriptor of a remote method, or null for a method that stays local. */
  MethodDescriptor describe(Method method) {
    return byMethod.get(method);
  }

  Method method(String wireName) {
    return byWireName.get(wireName);
  }

  /** Abstract instance methods that are not a redeclared {@code equals}, {@code hashCode} or {@code toString}. */
  static boolean isRemote(Method method) {
    int modifiers = method.getModifiers();
    return Modifier.isAbstract(modifiers) && !Modifier.isStatic(modifiers) && !method.isDefault()
        && !method.isBridge() && !method.isSynthetic() && !isObjectMethod(method);
  }

  static boolean isObjectMethod(Method method) {
    try {
      Object.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static MethodDescriptor describe(Class<?> service, String serviceName, Method method) {
    if (method.getTypeParameters().length > 0) {
      throw new IllegalArgumentException(where(method) + " declares type parameters, but no type information"
          + " travels. Use concrete types.");
    }
    MonologueMethod override = method.getAnnotation(MonologueMethod.class);
    if (override != null && override.value().isBlank()) {
      throw new IllegalArgumentException("@MonologueMethod on " + where(method) + " has a blank name. Give it the"
          + " exact wire name, or remove the annotation.");
    }
    String wireName = WireNames.methodName(serviceName, method.getName(), override == null ? null : override.value());

    List<Type> parameterTypes = Arrays.asList(method.getGenericParameterTypes());
    for (int i = 0; i < parameterTypes.size(); i++) {
      TypeRules.Problem problem = ReflectiveTypes.RULES.check(parameterTypes.get(i));
      if (problem != null) {
        throw unsupported(TypeRules.parameterMessage(ReflectiveTypes.where(service, method),
            method.getParameters()[i].getName(), ReflectiveTypes.typeName(parameterTypes.get(i)), problem));
      }
    }
    TypeRules.Problem returnProblem = ReflectiveTypes.RULES.checkReturn(method.getGenericReturnType());
    if (returnProblem != null) {
      throw unsupported(TypeRules.returnMessage(ReflectiveTypes.where(service, method),
          ReflectiveTypes.typeName(method.getGenericReturnType()), returnProblem));
    }

    Class<?> raw = method.getReturnType();
    Type generic = method.getGenericReturnType();
    ReturnKind kind;
    Type result;
    if (raw == void.class) {
      kind = ReturnKind.VOID;
      result = Void.class;
    } else if (raw == CompletableFuture.class || raw == CompletionStage.class) {
      kind = raw == CompletableFuture.class ? ReturnKind.FUTURE : ReturnKind.STAGE;
      result = ((ParameterizedType) generic).getActualTypeArguments()[0]; // checked above: not raw
    } else {
      kind = ReturnKind.VALUE;
      result = generic;
    }

    List<Class<? extends Throwable>> exceptions = new ArrayList<>();
    for (Class<?> thrown : method.getExceptionTypes()) {
      exceptions.add(thrown.asSubclass(Throwable.class));
    }
    return new MethodDescriptor(wireName, method.getName(), parameterTypes, result, kind, exceptions);
  }

  private static IllegalArgumentException unsupported(String message) {
    return new IllegalArgumentException(TypeRules.tagged(TypeRules.UNSUPPORTED_TYPE, message));
  }

  static String where(Method method) {
    return "method " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }
}
