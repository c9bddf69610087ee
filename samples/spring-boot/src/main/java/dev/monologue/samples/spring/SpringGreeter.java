package dev.monologue.samples.spring;

import org.springframework.stereotype.Component;

/** Serves {@link Greeter}: the starter registers it on the client, as it implements a @MonologueService interface. */
@Component
class SpringGreeter implements Greeter {
  @Override
  public String hello(String name) {
    return "Hello " + name + ", from a Spring Boot application";
  }
}
