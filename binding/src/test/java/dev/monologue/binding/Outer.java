package dev.monologue.binding;

import dev.monologue.MonologueService;

/** Holds a nested service whose name has an underscore, and a superinterface it inherits from. */
public class Outer {
  @MonologueService
  public interface Inner_Service extends Base {
    void touch(SampleService.Mood mood);
  }

  /** Not a service: its abstract methods are inherited by one. */
  public interface Base {
    long ping(long at) throws java.io.IOException;

    default long twice(long at) throws java.io.IOException {
      return 2 * ping(at);
    }
  }
}
