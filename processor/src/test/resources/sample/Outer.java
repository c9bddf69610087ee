package sample;

import dev.monologue.MonologueService;

public class Outer {
  @MonologueService("outer-service")
  public interface Inner_Service extends Base {
    void touch(Mood mood);
  }

  /** Not a service itself: its abstract methods are inherited by one. */
  public interface Base {
    long ping(long at) throws java.io.IOException;
  }
}
