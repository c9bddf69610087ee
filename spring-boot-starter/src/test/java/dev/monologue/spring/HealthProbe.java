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
