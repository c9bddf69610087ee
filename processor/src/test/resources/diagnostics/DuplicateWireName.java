package diagnostics;

import dev.monologue.MonologueMethod;
import dev.monologue.MonologueService;

@MonologueService
public interface DuplicateWireName {
  String hello(String name);

  String hello(String first, String last);

  @MonologueMethod("greet")
  void greetOnce(String name);

  @MonologueMethod("greet")
  void greetTwice(String name);
}
