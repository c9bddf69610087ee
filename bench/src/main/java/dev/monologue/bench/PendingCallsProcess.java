package dev.monologue.bench;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's heap for its pending calls, in a JVM of its own: a callee that never answers (a bare client that only
 * counts what reaches it), a Monologue client that calls it {@code calls} times, and the heap used after GC before
 * and once every request has reached the callee. Prints {@code pending <calls> <bytes>}.
 * Usage: {@code PendingCallsProcess <relay endpoint> <calls>}.
 */
public final class PendingCallsProcess {
  private PendingCallsProcess() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    int calls = Integer.parseInt(args[1]);
    AtomicInteger received = new AtomicInteger();
    BarePeer silent = new BarePeer(endpoint, frame -> received.incrementAndGet());
    String calleeId = silent.open();
    Monologue client = Monologue.create(MonologueOptions.builder().endpoint(endpoint)
        .timeout(Duration.ofMinutes(10)).maxCallsInFlight(calls).build());
    try {
      client.connect();
      List<CompletableFuture<String>> pending = new ArrayList<>(calls);
      // a warm-up call path, so that classes loaded by the first call are in the baseline
      CompletableFuture<String> first = client.call(calleeId, "echo", String.class, Connection.PAYLOAD);
      waitFor(received, 1);
      long before = RelayProcess.usedAfterGc(ManagementFactory.getMemoryMXBean());
      for (int i = 0; i < calls - 1; i++) {
        pending.add(client.call(calleeId, "echo", String.class, Connection.PAYLOAD));
      }
      waitFor(received, calls);
      long after = RelayProcess.usedAfterGc(ManagementFactory.getMemoryMXBean());
      int stillPending = (int) pending.stream().filter(f -> !f.isDone()).count() + (first.isDone() ? 0 : 1);
      System.out.println("pending " + stillPending + " " + Math.round((after - before) * (double) calls
          / (calls - 1)));
      System.out.flush();
    } finally {
      client.close();
      silent.close();
    }
  }

  private static void waitFor(AtomicInteger received, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (received.get() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + received.get() + " of " + n + " requests reached the callee");
      }
      Thread.sleep(10); // polling a counter in a benchmark's setup, bounded above
    }
  }
}
