package dev.monologue.bench;

import dev.monologue.MonologueService;

/** The service whose call encoding the JMH benchmarks measure. */
@MonologueService
public interface GreeterService {
  Greeting greet(Person person);

  /** The implementation every path calls. */
  final class Friendly implements GreeterService {
    @Override
    public Greeting greet(Person person) {
      return new Greeting("Hello " + person.name(), person.age() + person.languages().size());
    }
  }
}
