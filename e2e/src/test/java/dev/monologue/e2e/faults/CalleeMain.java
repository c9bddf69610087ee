package dev.monologue.e2e.faults;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A callee in a JVM of its own, for tests that kill it: connects to the relay named by its argument, serves
 * {@code echo} and {@code hold} (which prints {@code holding <token>} and never returns), prints {@code callee <id>}
 * once connected, and runs until killed.
 */
public final class CalleeMain {
  private CalleeMain() {}

  public static void main(String[] args) throws Exception {
    Monologue callee = Monologue.create(MonologueOptions.builder().endpoint(URI.create(args[0]))
        .timeout(Duration.ofSeconds(30)).build());
    callee.on("echo", call -> call.get(0, String.class));
    callee.on("hold", call -> {
      System.out.println("holding " + call.get(0, String.class));
      new CountDownLatch(1).await();
      return null;
    });
    System.out.println("callee " + callee.connect());
    new CountDownLatch(1).await();
  }
}
