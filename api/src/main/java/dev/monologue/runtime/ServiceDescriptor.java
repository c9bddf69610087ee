package dev.monologue.runtime;

import java.util.List;
import java.util.Objects;

/** A {@code @MonologueService} interface: its wire name and its remote methods. */
public record ServiceDescriptor(Class<?> type, String serviceName, List<MethodDescriptor> methods) {
  /** Checks that every part is given; keeps an unmodifiable copy of the methods. */
  public ServiceDescriptor {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(serviceName, "serviceName == null");
    methods = List.copyOf(methods);
  }
}
