package dev.monologue.samples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.relay.LocalRelay;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample application against a local relay: its service is reached by name, from itself and from outside. */
class GreeterApplicationTest {

  @Test
  void servesGreeterUnderItsNameAndCallsIt() {
    try (LocalRelay relay = LocalRelay.builder().host("127.0.0.1").port(0).build()) {
      relay.start();
      try (ConfigurableApplicationContext app = SpringApplication.run(GreeterApplication.class,
              "--monologue.endpoint=" + relay.endpoint(), "--monologue.owner-secret=sample-test-owner-secret");
          Monologue outside = Monologue.create(MonologueOptions.builder().endpoint(relay.endpoint())
              .connectTimeout(Duration.ofSeconds(10)).build())) {
        Greeter stub = app.getBean("greeterByName", Greeter.class);
        assertEquals("Hello test, from a Spring Boot application", stub.hello("test"));
        outside.connect();
        assertEquals("Hello outside, from a Spring Boot application",
            outside.stub("spring-greeter", Greeter.class).hello("outside"));
      }
    }
  }
}
