package dev.monologue.bench;

import dev.monologue.MonologueService;

/**
 * {@link GreeterService} as a program compiled without the processor has it (see {@link UnprocessedEchoService}):
 * its stubs and skeletons are the dynamic proxy and the reflective skeleton. Same wire name and method.
 */
@MonologueService("GreeterService")
public interface UnprocessedGreeterService {
  Greeting greet(Person person);
}
