package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.RemoteFailureException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One peer floods a machine with calls; another peer's calls still run within their timeout. */
class HandlerFairnessTest {
  private static final int FLOOD = 5_000;
  /** Each call keeps a handler thread this long: a flood's full queue is many seconds of work in arrival order. */
  private static final long WORK_MILLIS = 200;
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aFloodingPeerDoesNotStarveAnotherPeersCalls() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()));
    server.on("work", args -> {
      Thread.sleep(WORK_MILLIS); // the handler's work, not synchronization
      return args.get(0, String.class);
    });
    MonologueClient flooder = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(60)));
    MonologueClient victim = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(5)));

    List<CompletableFuture<String>> flood = new ArrayList<>();
    for (int i = 0; i < FLOOD; i++) {
      flood.add(flooder.call(server.id(), "work", String.class, "flood " + i));
    }
    // Enough of the flood is queued at the server to keep every handler thread busy for seconds.
    Awaits.eventually("the flood is queued", () -> server.queuedHandlerCalls() > 1_000);
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(victim.call(server.id(), "work", String.class, "mine " + i));
    }
    for (int i = 0; i < 10; i++) {
      assertEquals("mine " + i, await(calls.get(i)), "the other peer's call ran within its timeout");
    }
    AtomicInteger overloaded = new AtomicInteger();
    for (CompletableFuture<String> f : flood) {
      try {
        f.get(Awaits.WAIT.toMillis() * 6, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RemoteFailureException r && RemoteFailureException.OVERLOADED.equals(r.code())) {
          overloaded.incrementAndGet();
        } else {
          throw e;
        }
      }
    }
    assertTrue(overloaded.get() > 0, "one peer may not fill the whole queue: its share is bounded");
  }
}
