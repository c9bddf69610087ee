package dev.monologue.e2e.names;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import java.time.Duration;

/**
 * A callee in its own JVM, for a test to SIGKILL: connects, claims the name {@code args[1]} (or, with
 * {@code args[3]} = {@code join}, joins that group), serves {@link NamedService} answering {@code args[2]}, prints
 * {@code ready <id>} and waits to be killed. Arguments: endpoint, name or group, instance[, join]. Its owner secret
 * is the default one, kept under the JVM's {@code user.home}.
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
    // one claim: a restart of this machine (its owner secret kept in its home) gets the name back at once, even
    // while the relay still believes the killed or stopped process connected
    m.claim(args[1]);
    System.out.println("ready " + m.id());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
