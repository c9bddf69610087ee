package dev.monologue.binding;

import dev.monologue.MonologueService;
import java.util.Objects;

/** The run-time checks on a service type, so that the proxy refuses what the processor refuses. */
final class ServiceCheck {
  private ServiceCheck() {}

  static void requireService(Class<?> service) {
    Objects.requireNonNull(service, "service == null");
    if (!service.isInterface() || service.isAnnotation()) {
      throw new IllegalArgumentException(service.getName() + " is not an interface. Pass the @MonologueService"
          + " interface, not its implementation.");
    }
    if (!service.isAnnotationPresent(MonologueService.class)) {
      throw new IllegalArgumentException(service.getName() + " is not annotated with @MonologueService. Annotate"
          + " the interface so that both machines agree on its wire names.");
    }
    if (service.getTypeParameters().length > 0) {
      throw new IllegalArgumentException(service.getName() + " declares type parameters, but no type information"
          + " travels. Declare the service with concrete types.");
    }
  }
}
