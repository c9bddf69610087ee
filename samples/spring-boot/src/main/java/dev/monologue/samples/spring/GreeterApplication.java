package dev.monologue.samples.spring;

import dev.monologue.spring.MonologueStubs;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Claims the name {@code spring-greeter} (application.properties), serves {@link Greeter}, and calls it once through
 * the relay by that name. The relay is the one in {@code monologue.endpoint}, {@code MONOLOGUE_ENDPOINT} or
 * {@code .monologuerc}.
 */
@SpringBootApplication
public class GreeterApplication {

  /** A stub that calls whichever machine holds the name {@code spring-greeter}: here, this one. */
  @Bean
  Greeter greeterByName(MonologueStubs stubs) {
    return stubs.to("spring-greeter", Greeter.class);
  }

  @Bean
  CommandLineRunner greetOnce(@Qualifier("greeterByName") Greeter greeter) {
    return args -> System.out.println(greeter.hello("spring-boot sample"));
  }

  public static void main(String[] args) {
    // one call, then close: the client leaves the relay and gives its name up
    try (ConfigurableApplicationContext context = SpringApplication.run(GreeterApplication.class, args)) {
      System.out.println("Connected as " + context.getBean(dev.monologue.Monologue.class).id());
    }
  }
}
