package dev.monologue.samples;

import dev.monologue.CallOutcome;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.NameTakenException;
import dev.monologue.relay.LocalRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Names and groups through an embedded relay: a named service survives its server's restart (the caller's stub does
 * not change), and a {@code callAll} over a small group returns one outcome per member, a failing one included.
 */
public final class NamesDemo {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private NamesDemo() {}

  public static void main(String[] args) throws Exception {
    try (LocalRelay relay = LocalRelay.builder().port(0).build()) {
      relay.start();
      MonologueOptions options = MonologueOptions.builder().endpoint(relay.endpoint()).timeout(TIMEOUT).build();
      System.out.println("Started an embedded relay at " + relay.endpoint());
      List<Monologue> machines = new ArrayList<>();
      try (Monologue client = Monologue.create(options)) {
        client.connect();
        namedService(options, client, machines);
        group(options, client, machines);
      } finally {
        machines.forEach(Monologue::close);
      }
    }
    System.out.println();
    System.out.println("== done");
  }

  private static void namedService(MonologueOptions options, Monologue client, List<Monologue> machines)
      throws InterruptedException {
    section("a server holds the name 'greeter' (MonologueOptions names); the client calls it by name");
    Monologue server = server(options);
    Greeter greeter = client.stub("greeter", Greeter.class);
    System.out.println("server is " + server.id() + "; reply: " + greeter.hello("client", "greeter"));

    section("the server stops and a new server starts; the same stub reaches it");
    server.close();
    Monologue restarted = server(options);
    machines.add(restarted);
    System.out.println("server is " + restarted.id() + "; reply: " + greeter.hello("client", "greeter"));
  }

  /** A server holding the name 'greeter' from its first connection on: connect() returns once it is granted. */
  private static Monologue server(MonologueOptions options) throws InterruptedException {
    Monologue server = Monologue.create(options.toBuilder().names("greeter").build());
    server.register(Greeter.class, new FriendlyGreeter());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        server.connect();
        return server;
      } catch (NameTakenException e) {
        // the relay has not yet seen the old server's connection close
        if (System.nanoTime() > deadline) {
          server.close();
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private static void group(MonologueOptions options, Monologue client, List<Monologue> machines)
      throws Exception {
    section("three workers join 'workers'; the client calls them all (one of them fails)");
    for (int load : new int[] {10, 20, -1}) {
      Monologue worker = Monologue.create(options);
      machines.add(worker);
      worker.connect();
      worker.on("load", call -> {
        if (load < 0) {
          throw new IllegalStateException("sensor offline");
        }
        return load;
      });
      worker.join("workers");
    }
    System.out.println("members: " + client.members("workers").size());
    List<CallOutcome<Integer>> outcomes = client.callAll("workers", "load", Integer.class).get(5, TimeUnit.SECONDS);
    for (CallOutcome<Integer> o : outcomes) {
      System.out.println(o.succeeded() ? "load " + o.value() : "failed: " + o.failure().getClass().getSimpleName());
    }
    System.out.println("callAny, one member: " + client.callAny("workers", "load", Integer.class)
        .handle((v, e) -> v == null ? "(its call failed)" : v).get(5, TimeUnit.SECONDS));
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }
}
