package dev.monologue.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChildJvmTest {
  /** Prints its arguments and its PID, then waits forever; has a shutdown hook that says so. */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
      System.out.println("args " + String.join(",", args));
      System.out.println("ready " + ProcessHandle.current().pid());
      new CountDownLatch(1).await();
    }
  }

  @Test
  void runsAMainClassAndKillsItWithoutItsShutdownHooks() throws Exception {
    try (ChildJvm child = ChildJvm.start(Sleeper.class, "a", "b")) {
      Matcher ready = child.awaitLine(Pattern.compile("ready (\\d+)"), Duration.ofSeconds(30));
      assertEquals(child.pid(), Long.parseLong(ready.group(1)));
      assertTrue(child.output().contains("args a,b"), child.output());
      child.kill();
      assertFalse(child.isAlive());
      assertEquals(137, child.awaitExit(Awaits.WAIT), "128 + SIGKILL");
      assertFalse(child.output().contains("shutdown hook ran"), "SIGKILL runs no shutdown hook");
    }
  }

  /** Prints a line every 50 ms. */
  public static final class Ticker {
    public static void main(String[] args) throws InterruptedException {
      for (int i = 0; ; i++) {
        System.out.println("tick " + i);
        Thread.sleep(50);
      }
    }
  }

  @Test
  void pauseStopsTheChildUntilResumed() throws Exception {
    try (ChildJvm child = ChildJvm.start(Ticker.class)) {
      child.awaitLine(Pattern.compile("tick 2"), Duration.ofSeconds(30));
      child.pause();
      int before = child.output().split("\n").length;
      // bounded wait for the absence of output: a stopped process prints nothing
      Thread.sleep(1_000);
      int after = child.output().split("\n").length;
      assertTrue(after <= before + 1, "a paused child printed " + (after - before) + " lines");
      assertTrue(child.isAlive());
      child.resume();
      child.awaitLine(Pattern.compile("tick " + (after + 3)), Duration.ofSeconds(30));
    }
  }

  @Test
  void aChildThatExitsFailsTheWaitWithItsOutput() throws Exception {
    try (ChildJvm child = ChildJvm.start(String.class)) { // String has no main method: the child fails at once
      AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
          () -> child.awaitLine(Pattern.compile("never"), Duration.ofSeconds(30)));
      assertTrue(e.getMessage().contains("exited") && e.getMessage().contains("NoSuchMethodException"),
          e.getMessage());
    }
  }
}
