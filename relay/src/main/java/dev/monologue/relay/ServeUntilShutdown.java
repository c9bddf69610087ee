package dev.monologue.relay;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * What a server's command-line main does once its arguments are read: start the server, exit 1 with its message if it
 * cannot start, and keep the JVM up until it shuts down (Ctrl-C), closing the server on the way out. Shared by the
 * local relay's main and the API Gateway stand-in's.
 */
public final class ServeUntilShutdown {
  private ServeUntilShutdown() {}

  /** Starts the server {@code start} returns and blocks until the JVM shuts down; {@code name} names its thread. */
  public static void serve(Supplier<? extends AutoCloseable> start, String name) throws InterruptedException {
    AutoCloseable server;
    try {
      server = start.get();
    } catch (RuntimeException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("Error while stopping: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, name + "-shutdown"));
    stopped.await();
  }
}
