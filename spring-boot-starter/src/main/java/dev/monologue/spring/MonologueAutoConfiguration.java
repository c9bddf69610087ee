package dev.monologue.spring;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.micrometer.MonologueMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's Monologue client: options from {@code monologue.*} properties and
 * {@link MonologueOptionsCustomizer} beans (the client's resolver fills the rest from the environment and
 * {@code .monologuerc}), {@code @MonologueService} beans served, {@link MonologueStubs} for stubs, connected and
 * closed with the application; with Actuator, a health indicator ({@code monologue}) and the client's metrics in the
 * application's {@link MeterRegistry}. {@code monologue.enabled=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnClass(Monologue.class)
@ConditionalOnProperty(prefix = "monologue", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MonologueProperties.class)
public class MonologueAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MonologueConnectionState monologueConnectionState() {
    return new MonologueConnectionState(Clock.systemUTC());
  }

  @Bean
  @ConditionalOnMissingBean
  MonologueOptions monologueOptions(MonologueProperties properties,
      ObjectProvider<MonologueOptionsCustomizer> customizers) {
    MonologueOptions.Builder options = MonologueOptions.builder();
    properties.applyTo(options);
    customizers.orderedStream().forEach(c -> c.customize(options));
    return options.build();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Monologue monologue(MonologueOptions monologueOptions) {
    try {
      return Monologue.create(monologueOptions);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the client names its own sources; the property is where a Spring application sets it
      throw new IllegalStateException(e.getMessage() + " In a Spring application: set monologue.endpoint (and"
          + " monologue.api-key), or turn the client off with monologue.enabled=false.", e);
    }
  }

  @Bean
  @ConditionalOnMissingBean
  MonologueStubs monologueStubs(Monologue monologue) {
    return new MonologueStubs(monologue);
  }

  @Bean
  MonologueLifecycle monologueLifecycle(Monologue monologue, MonologueOptions monologueOptions,
      ListableBeanFactory beans, MonologueStubs stubs, MonologueConnectionState state) {
    return new MonologueLifecycle(monologue, monologueOptions, beans, stubs, state);
  }

  /** The client's metrics in the application's registry, where there is one (Actuator makes it). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MonologueMetrics.class, MeterRegistry.class})
  static class Metrics {
    @Bean
    MonologueOptionsCustomizer monologueMetricsCustomizer(ObjectProvider<MeterRegistry> registry) {
      return options -> registry.ifAvailable(r -> options.metrics(MonologueMetrics.builder(r).build()));
    }
  }

  /** Spring Boot 4: health contributors live in spring-boot-health. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot4Health {
    @Bean
    @ConditionalOnMissingBean(name = "monologueHealthIndicator")
    MonologueHealthIndicator monologueHealthIndicator(MonologueConnectionState state) {
      return new MonologueHealthIndicator(state);
    }
  }

  /** Spring Boot 3: health contributors live in spring-boot-actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot3Health {
    @Bean
    @ConditionalOnMissingBean(name = "monologueHealthIndicator")
    Boot3MonologueHealthIndicator monologueHealthIndicator(MonologueConnectionState state) {
      return new Boot3MonologueHealthIndicator(state);
    }
  }
}
