package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callers and handlers write their frames on their own threads, queueing behind a write under way, while the
 * socket's reader and the timer hand theirs to the writer thread: whatever the mix, every message arrives whole.
 */
class CallerThreadWritesTest {
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void concurrentCallsSmallAndFragmentedFromManyThreadsAllArriveWhole() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()));
    server.on("echo", args -> args.get(0, String.class));
    MonologueClient caller = harness.connected(options(relay.endpoint()));
    int threads = 8;
    int calls = 150;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          List<CompletableFuture<String>> async = new ArrayList<>();
          for (int i = 0; i < calls; i++) {
            // every 10th call spans several 32 KB frames; the others are one small frame
            String text = thread + "/" + i + (i % 10 == 0 ? "é".repeat(20_000 + i) : "");
            if (i % 2 == 0) {
              assertEquals(text, caller.call(server.id(), "echo", String.class, text).get(
                  Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            } else {
              async.add(caller.call(server.id(), "echo", String.class, text));
            }
          }
          for (int i = 0; i < async.size(); i++) {
            int n = 2 * i + 1;
            String expected = thread + "/" + n + (n % 10 == 0 ? "é".repeat(20_000 + n) : "");
            assertEquals(expected, async.get(i).get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
          }
          return calls;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get(Awaits.WAIT.toMillis() * 4, TimeUnit.MILLISECONDS);
      }
      assertEquals(threads * calls, total);
    } finally {
      pool.shutdownNow();
    }
  }
}
