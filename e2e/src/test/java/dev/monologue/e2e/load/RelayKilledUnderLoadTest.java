package dev.monologue.e2e.load;

import static dev.monologue.testsupport.Awaits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.ConnectionListener;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.ReconnectPolicy;
import dev.monologue.e2e.faults.ChildRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's JVM is killed (SIGKILL) in the middle of a load and a new relay starts on the same port: every call
 * pending at the kill fails with a typed exception within {@link #PENDING_BOUND}, the clients reconnect on their
 * own, the load resumes, and every call made is accounted for.
 */
class RelayKilledUnderLoadTest {
  static final int CLIENTS = 10;
  static final int IN_FLIGHT = 8;
  /** The stated bound for calls pending at the kill: the kernel closes the dead relay's sockets at once. */
  static final Duration PENDING_BOUND = Duration.ofSeconds(5);
  /** What a call may end with other than its reply while the relay is down and coming back. */
  private static final Set<String> TYPED_OUTAGE_FAILURES = Set.of("ConnectionDroppedException",
      "NotConnectedException", "PeerGoneException");
  private static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(50))
      .maxDelay(Duration.ofMillis(500)).build();

  private final List<AutoCloseable> open = new ArrayList<>();
  private final ExecutorService handlers = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), runnable -> {
        Thread t = new Thread(runnable, "load-handler");
        t.setDaemon(true);
        return t;
      });

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    handlers.shutdownNow();
    handlers.awaitTermination(10, TimeUnit.SECONDS);
  }

  private record Ended(long startNanos, long endNanos, String kind) {}

  @Test
  void pendingCallsFailTypedClientsReconnectAndTheLoadResumes() throws Exception {
    ChildRelay first = ChildRelay.start(0);
    open.add(first);
    int port = first.endpoint().getPort();
    AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(CLIENTS);
    AtomicInteger reconnects = new AtomicInteger();
    List<Monologue> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      int index = i;
      Monologue c = Monologue.create(MonologueOptions.builder().endpoint(first.endpoint())
          .timeout(Duration.ofSeconds(20)).connectTimeout(Awaits.WAIT).reconnectPolicy(QUICK)
          .handlerExecutor(handlers).connectionListener(new ConnectionListener() {
            @Override
            public void onReconnected(String oldId, String newId) {
              ids.set(index, newId);
              reconnects.incrementAndGet();
            }
          }).build());
      open.add(c);
      clients.add(c);
      ids.set(i, c.connect());
      c.on("load.echo", args -> args.get(0, String.class));
    }
    ConcurrentLinkedQueue<Ended> failures = new ConcurrentLinkedQueue<>();
    LoadRun run = new LoadRun(handlers);
    run.start(CLIENTS * IN_FLIGHT, chain -> {
      int client = chain % CLIENTS;
      return (c, text) -> {
        long start = System.nanoTime();
        CompletableFuture<String> call = clients.get(client).call(ids.get((client + 1) % CLIENTS), "load.echo",
            String.class, text);
        call.whenComplete((value, error) -> {
          if (error != null) {
            failures.add(new Ended(start, System.nanoTime(), error.getClass().getSimpleName()));
          }
        });
        return call;
      };
    });
    eventually("the load is under way", () -> run.returned() > 2_000, Duration.ofSeconds(30));

    long killed = System.nanoTime();
    first.kill();
    ChildRelay second = ChildRelay.start(port);
    open.add(second);
    eventually("every client reconnected to the new relay", () -> reconnects.get() >= CLIENTS,
        Duration.ofSeconds(30));
    long resumedFrom = run.returned();
    eventually("the load resumed", () -> run.returned() > resumedFrom + 2_000, Duration.ofSeconds(30));
    LoadRun.Outcome outcome = run.finish(Duration.ofSeconds(30));
    System.out.printf("[faults] relay SIGKILLed under %d clients x %d in flight, restarted on port %d: %s;"
        + " reconnects %d%n", CLIENTS, IN_FLIGHT, port, outcome, reconnects.get());

    assertEquals(0, outcome.lost(), "calls that never ended: " + outcome);
    assertEquals(outcome.made(), outcome.returned() + outcome.failedTotal(), "calls not accounted for: " + outcome);
    assertTrue(TYPED_OUTAGE_FAILURES.containsAll(outcome.failed().keySet()),
        "only typed outage failures expected: " + outcome);
    assertTrue(outcome.failed().getOrDefault("ConnectionDroppedException", 0L) > 0,
        "calls were pending at the kill, and failed as dropped: " + outcome);
    long latest = failures.stream().filter(f -> f.startNanos() < killed)
        .mapToLong(f -> f.endNanos() - killed).max().orElse(0);
    assertTrue(latest < PENDING_BOUND.toNanos(), "a call pending at the kill failed "
        + TimeUnit.NANOSECONDS.toMillis(latest) + " ms after it; the bound is " + PENDING_BOUND);
  }
}
