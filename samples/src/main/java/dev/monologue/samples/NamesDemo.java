package dev.monologue.samples;

import dev.monologue.CallOutcome;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.relay.LocalRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

  private static void namedService(MonologueOptions options, Monologue client, List<Monologue> machines) {
    section("a server holds the name 'greeter' (MonologueOptions names); the client calls it by name");
    // The server machine's owner secret: the same on every start, so a restart gets the name back at once. A real
    // machine keeps it (by default the client makes one in ~/.monologue/owner-secret); here the demo holds it.
    MonologueOptions serverMachine = options.toBuilder().ownerSecret("greeter-machine-" + UUID.randomUUID()).build();
    Monologue server = server(serverMachine);
    Greeter greeter = client.stub("greeter", Greeter.class);
    System.out.println("server is " + server.id() + "; reply: " + greeter.hello("client", "greeter"));

    section("the server stops and starts again with its owner secret; the same stub reaches it");
    server.close();
    Monologue restarted = server(serverMachine);
    machines.add(restarted);
    System.out.println("server is " + restarted.id() + "; reply: " + greeter.hello("client", "greeter"));
  }

  /**
   * A server holding the name 'greeter' from its first connection on: connect() returns once it is granted, at once
   * for the name's owner even if the relay has not yet seen its previous run's connection close.
   */
  private static Monologue server(MonologueOptions options) {
    Monologue server = Monologue.create(options.toBuilder().names("greeter").build());
    server.register(Greeter.class, new FriendlyGreeter());
    server.connect();
    return server;
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
