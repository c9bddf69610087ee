package dev.monologue.e2e.load;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.relay.LocalRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many machines under steady load through one {@link LocalRelay}: each of the clients keeps calls in flight to its
 * neighbour in a ring, half string-named, half through the typed stub, and every call must end with its own reply:
 * a call that times out, fails in any other way or never ends is a loss, counted by kind, and fails the test. Every
 * call runs its handler exactly once: a handler run twice for one call fails it too.
 *
 * <p>The build runs a short version. A long one:
 * <pre>mvn -B -pl e2e -am test -Dtest=LoadTest -Dsurefire.failIfNoSpecifiedTests=false -Dmonologue.load.seconds=60</pre>
 * ({@code monologue.load.clients} and {@code monologue.load.inFlight} change the 100 clients and 32 calls each.)
 */
class LoadTest {
  static final int CLIENTS = Integer.getInteger("monologue.load.clients", 100);
  static final int IN_FLIGHT = Integer.getInteger("monologue.load.inFlight", 32);
  static final Duration LENGTH = Duration.ofSeconds(Long.getLong("monologue.load.seconds", 2));
  /** Each call's own timeout; the drain after the run waits a little longer, then counts what is left as lost. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final List<Monologue> clients = new ArrayList<>();
  private LocalRelay relay;
  // One executor for every client's handlers and completions: a hundred machines in one JVM with the default
  // pool each could start thousands of threads.
  private final ExecutorService handlers = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), runnable -> {
        Thread t = new Thread(runnable, "load-handler");
        t.setDaemon(true);
        return t;
      });

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Monologue c : clients) {
      c.close();
    }
    if (relay != null) {
      relay.close();
    }
    handlers.shutdownNow();
    handlers.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void everyCallEndsWithItsReplyUnderLoad() throws Exception {
    relay = LocalRelay.builder().port(0).build();
    LoadRun.Outcome outcome = load(CLIENTS, IN_FLIGHT, LENGTH, CALL_TIMEOUT);
    System.out.printf("[load] %d clients x %d in flight through a LocalRelay: %s%n", CLIENTS, IN_FLIGHT, outcome);
    outcome.assertNothingLost();
  }

  /** The test of the test: a relay that loses one message in a thousand must fail the assertion above. */
  @Test
  void aRelayThatDropsOneMessageInAThousandFailsTheLoadAssertion() throws Exception {
    AtomicLong dropped = new AtomicLong();
    relay = LocalRelay.builder().port(0).backend(connections -> FaultyBackend.dropping(connections, 1000, dropped))
        .build();
    LoadRun.Outcome outcome = load(20, 8, Duration.ofSeconds(2), Duration.ofSeconds(2));
    System.out.printf("[load] through a relay that dropped %d messages: %s%n", dropped.get(), outcome);
    assertTrue(dropped.get() > 0, "the relay dropped nothing: " + outcome);
    AssertionError e = assertThrows(AssertionError.class, outcome::assertNothingLost);
    assertTrue(e.getMessage().contains("CallTimeoutException"), e.getMessage());
    long timedOut = outcome.failed().getOrDefault("CallTimeoutException", 0L);
    assertTrue(timedOut > 0 && timedOut <= dropped.get(), "each lost call is one dropped message: " + e.getMessage());
  }

  /**
   * The test of the test: a relay that delivers one request in a thousand twice must fail the assertion above,
   * though every caller gets its one reply.
   */
  @Test
  void aRelayThatDeliversOneRequestInAThousandTwiceFailsTheLoadAssertion() throws Exception {
    AtomicLong duplicated = new AtomicLong();
    relay = LocalRelay.builder().port(0)
        .backend(connections -> FaultyBackend.duplicating(connections, 1000, duplicated)).build();
    LoadRun.Outcome outcome = load(20, 8, Duration.ofSeconds(2), CALL_TIMEOUT);
    System.out.printf("[load] through a relay that delivered %d requests twice: %s%n", duplicated.get(), outcome);
    assertTrue(duplicated.get() > 0, "the relay duplicated nothing: " + outcome);
    assertTrue(outcome.failed().isEmpty() && outcome.lost() == 0, "the callers saw nothing wrong: " + outcome);
    AssertionError e = assertThrows(AssertionError.class, outcome::assertNothingLost);
    assertTrue(e.getMessage().contains("more than once"), e.getMessage());
    // a duplicate's second run may still be queued when the run is counted, so at most one per duplicate
    assertTrue(outcome.invokedTwice() <= duplicated.get(), "each duplicate is one handler run twice: " + outcome);
  }

  private LoadRun.Outcome load(int clientCount, int inFlight, Duration length, Duration callTimeout)
      throws Exception {
    relay.start();
    LoadRun run = new LoadRun(handlers);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) {
      Monologue c = Monologue.create(MonologueOptions.builder().endpoint(relay.endpoint()).timeout(callTimeout)
          .connectTimeout(Duration.ofSeconds(20)).handlerExecutor(handlers).build());
      clients.add(c);
      ids.add(c.connect());
      c.on("load.echo", args -> run.invoked(args.get(0, String.class)));
      c.register(LoadEcho.class, text -> CompletableFuture.completedFuture(run.invoked(text)));
    }
    List<LoadEcho> stubs = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) {
      stubs.add(clients.get(i).stub(ids.get((i + 1) % clientCount), LoadEcho.class));
    }
    return run.run(clientCount * inFlight, chain -> {
      int client = chain % clientCount;
      Monologue caller = clients.get(client);
      String peer = ids.get((client + 1) % clientCount);
      LoadEcho stub = stubs.get(client);
      return chain % 2 == 0
          ? (c, text) -> caller.call(peer, "load.echo", String.class, text)
          : (c, text) -> stub.echo(text);
    }, length, callTimeout.plusSeconds(5));
  }
}
