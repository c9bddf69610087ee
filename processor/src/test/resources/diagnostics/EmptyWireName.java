package diagnostics;

import dev.monologue.MonologueMethod;
import dev.monologue.MonologueService;

@MonologueService
public interface EmptyWireName {
  @MonologueMethod("")
  String hello(String name);
}
