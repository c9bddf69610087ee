package dev.monologue.samples;

import dev.monologue.CallTimeoutException;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.RemoteFailureException;
import dev.monologue.relay.LocalRelay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Two machines talking through a relay: the endpoint in {@code .monologuerc} (or {@code MONOLOGUE_ENDPOINT}) when
 * there is one, otherwise a relay embedded in this process on a free port.
 */
public final class Demo {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private Demo() {}

  public static void main(String[] args) throws Exception {
    LocalRelay relay = null;
    MonologueOptions options = MonologueOptions.builder().timeout(TIMEOUT).build();
    try {
      Monologue.create(options).close(); // only resolves the configuration; nothing connects yet
      System.out.println("Using the relay configured in .monologuerc / MONOLOGUE_ENDPOINT");
    } catch (IllegalStateException noEndpointConfigured) {
      relay = LocalRelay.builder().port(0).build();
      relay.start();
      options = options.toBuilder().endpoint(relay.endpoint()).build();
      System.out.println("Started an embedded relay at " + relay.endpoint());
    }
    try (Monologue machine1 = Monologue.create(options); Monologue machine2 = Monologue.create(options)) {
      run(machine1, machine2);
    } finally {
      if (relay != null) {
        relay.close();
      }
    }
  }

  private static void run(Monologue machine1, Monologue machine2) throws Exception {
    section("connect");
    System.out.println("machine1 is " + machine1.connect());
    System.out.println("machine2 is " + machine2.connect());

    section("machine1 registers sample-method");
    machine1.on("sample-method",
        call -> "Hello " + call.get(0, String.class) + ", this is " + call.get(1, String.class));

    section("machine2 calls sample-method with two arguments");
    String reply = machine2.call(machine1.id(), "sample-method", String.class, "machine2", "machine1")
        .get(5, TimeUnit.SECONDS);
    System.out.println("reply: " + reply);

    section("a remote failure");
    machine1.on("divide", call -> call.get(0, Integer.class) / call.get(1, Integer.class));
    try {
      machine2.call(machine1.id(), "divide", Integer.class, 1, 0).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      RemoteFailureException failure = (RemoteFailureException) e.getCause();
      System.out.println(failure.code() + " " + failure.remoteType() + ": " + failure.remoteMessage());
    }

    section("a timeout (machine1 answers after 4 s; machine2 waits " + TIMEOUT.toMillis() + " ms)");
    machine1.on("slow", call -> CompletableFuture.supplyAsync(
        () -> "too late", CompletableFuture.delayedExecutor(4, TimeUnit.SECONDS)));
    try {
      machine2.call(machine1.id(), "slow").get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      CallTimeoutException timeout = (CallTimeoutException) e.getCause();
      System.out.println(timeout.getMessage());
    }

    section("typed Greeter: machine2 registers an implementation, machine1 calls it through a stub");
    machine2.register(Greeter.class, new FriendlyGreeter());
    Greeter greeter = machine1.stub(machine2.id(), Greeter.class);
    System.out.println("hello:    " + greeter.hello("machine1", "machine2"));
    System.out.println("greet:    " + greeter.greet(new Person("Ada", 36)).get(5, TimeUnit.SECONDS));
    greeter.remember(List.of(Map.of("friend", new Person("Grace", 45))));
    System.out.println("remember: one person remembered");
    try {
      greeter.remember(List.of(
          Map.of("a", new Person("A", 1), "b", new Person("B", 2)),
          Map.of("c", new Person("C", 3), "d", new Person("D", 4))));
    } catch (QuotaExceededException e) {
      System.out.println("remember: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    section("a typed stub reaches a string-named handler with the same wire name");
    Greeter machine1AsGreeter = machine2.stub(machine1.id(), Greeter.class);
    System.out.println("hello:    " + machine1AsGreeter.hello("machine2", "machine1"));

    section("done");
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }
}
