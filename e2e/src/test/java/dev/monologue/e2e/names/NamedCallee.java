package dev.monologue.e2e.names;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.NameTakenException;
import java.time.Duration;

/**
 * A callee in its own JVM, for a test to SIGKILL: connects, claims the name {@code args[1]} (or, with
 * {@code args[3]} = {@code join}, joins that group), serves {@link NamedService} answering {@code args[2]}, prints
 * {@code ready <id>} and waits to be killed. Arguments: endpoint, name or group, instance[, join].
 */
public final class NamedCallee {
  private NamedCallee() {}

  public static void main(String[] args) throws Exception {
    Monologue m = Monologue.create(MonologueOptions.builder().endpoint(args[0]).timeout(Duration.ofSeconds(10))
        .build());
    m.connect();
    String instance = args[2];
    m.register(NamedService.class, () -> instance);
    if (args.length > 3 && args[3].equals("join")) {
      m.join(args[1]);
      System.out.println("ready " + m.id());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        m.claim(args[1]);
        break;
      } catch (NameTakenException e) {
        // the relay has not yet seen the killed holder go: its disconnect is on its way
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100); // retry interval of a claim; the deadline bounds the wait
      }
    }
    System.out.println("ready " + m.id());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
