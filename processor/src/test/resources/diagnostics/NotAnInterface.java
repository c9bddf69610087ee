package diagnostics;

import dev.monologue.MonologueService;

@MonologueService
public class NotAnInterface {
  public String hello(String name) {
    return "hello " + name;
  }
}
