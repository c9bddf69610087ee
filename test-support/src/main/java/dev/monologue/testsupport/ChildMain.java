package dev.monologue.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of a {@link ChildJvm}: runs the named main class, and halts the JVM as soon as its standard input
 * reaches end of file, which happens when the test JVM that started it ends, however it ends. So a child never
 * outlives its test, even when the test JVM is itself killed.
 */
public final class ChildMain {
  private ChildMain() {}

  /** {@code args[0]} is the main class to run (named by the test that launched this JVM); the rest are its arguments. */
  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      System.err.println("usage: ChildMain <main class> [arguments...]");
      System.exit(2);
    }
    Thread watchdog = new Thread(ChildMain::haltAtEndOfInput, "child-jvm-parent-watch");
    watchdog.setDaemon(true);
    watchdog.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void haltAtEndOfInput() {
    InputStream in = System.in;
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // nothing is sent on purpose; end of input is the signal
      }
    } catch (IOException e) {
      // the pipe broke: the parent is gone as well
    }
    Runtime.getRuntime().halt(3);
  }
}
