package diagnostics;

import dev.monologue.MonologueService;

public class NotAccessible {
  @MonologueService
  private interface Hidden {
    String hello(String name);
  }

  private record Secret(String value) {}

  @MonologueService
  public interface Visible {
    void keep(Secret secret);
  }
}
