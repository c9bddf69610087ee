package dev.monologue.spring;

import java.util.Map;
import org.springframework.context.ApplicationContext;

/**
 * Reads the {@code monologueHealthIndicator} bean's health through reflection: its types are Boot 4's
 * ({@code org.springframework.boot.health.contributor}) or Boot 3's ({@code org.springframework.boot.actuate.health}),
 * and the same test sources run on both.
 */
final class HealthProbe {
  record Reading(String status, Map<?, ?> details) {}

  private HealthProbe() {}

  static Reading read(ApplicationContext context) throws Exception {
    Object indicator = context.getBean("monologueHealthIndicator");
    Object health = indicator.getClass().getMethod("health").invoke(indicator);
    Object status = health.getClass().getMethod("getStatus").invoke(health);
    String code = (String) status.getClass().getMethod("getCode").invoke(status);
    Map<?, ?> details = (Map<?, ?>) health.getClass().getMethod("getDetails").invoke(health);
    return new Reading(code, details);
  }

  /** Boot's own auto-configurations that gather health contributors into a registry, for the running Boot. */
  static Class<?>[] bootHealth() throws ClassNotFoundException {
    ClassLoader loader = HealthProbe.class.getClassLoader();
    if (boot4()) {
      return new Class<?>[] {
          Class.forName("org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration",
              false, loader),
          Class.forName("org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration",
              false, loader)};
    }
    return new Class<?>[] {
        Class.forName("org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration", false,
            loader),
        Class.forName("org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration", false,
            loader),
        Class.forName("org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration", false,
            loader)};
  }

  /** The contributor Boot's health registry holds under {@code name}, or null. */
  static Object contributor(ApplicationContext context, String name) throws Exception {
    Class<?> type = Class.forName(boot4() ? "org.springframework.boot.health.registry.HealthContributorRegistry"
        : "org.springframework.boot.actuate.health.HealthContributorRegistry", false, HealthProbe.class.getClassLoader());
    Object registry = context.getBean(type);
    return type.getMethod("getContributor", String.class).invoke(registry, name);
  }

  private static boolean boot4() {
    try {
      Class.forName("org.springframework.boot.health.contributor.HealthIndicator", false,
          HealthProbe.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The health interface the running Boot defines: what the indicator must implement to be seen. */
  static Class<?> indicatorType() throws ClassNotFoundException {
    ClassLoader loader = HealthProbe.class.getClassLoader();
    try {
      return Class.forName("org.springframework.boot.health.contributor.HealthIndicator", false, loader);
    } catch (ClassNotFoundException boot3) {
      return Class.forName("org.springframework.boot.actuate.health.HealthIndicator", false, loader);
    }
  }
}
