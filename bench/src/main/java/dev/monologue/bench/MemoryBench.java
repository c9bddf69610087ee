package dev.monologue.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Heap, measured in child JVMs so that no other objects are in it: the relay's per idle connection (a
 * {@link RelayProcess} with no connection, then with {@code n} idle ones open from this process, spread over several
 * 127.0.0.x source addresses), and a client's for its pending calls ({@link PendingCallsProcess}).
 */
final class MemoryBench {
  /**
   * @param connections how many were open when measured (fewer than asked when the file limit is low)
   * @param fileLimit this process's open-file limit
   * @param baselineBytes relay heap used after GC with no connection
   * @param loadedBytes relay heap used after GC with {@code connections} open
   * @param pendingCalls calls pending in the client when its heap was measured (0 when not measured)
   * @param pendingCallBytes the client's heap for them (used after GC, over the same client with one call pending)
   * @param note why fewer connections were opened than asked, or null
   */
  record Result(int asked, int connections, long fileLimit, long baselineBytes, long loadedBytes, double openSeconds,
      int pendingCalls, long pendingCallBytes, String note) {
    double bytesPerConnection() {
      return connections == 0 ? 0 : (double) (loadedBytes - baselineBytes) / connections;
    }

    /** Heap of a relay holding {@code n} idle connections, from this run's per-connection cost. */
    double projectedBytes(int n) {
      return baselineBytes + bytesPerConnection() * n;
    }
  }

  private static final Duration ANSWER_BOUND = Duration.ofSeconds(120);
  /** Descriptors this process keeps for itself (jars, the children's pipes, ...). */
  private static final int RESERVED_FILES = 500;
  /** Connections per source address: under loopback's ~28,000 ephemeral ports per pair of addresses. */
  private static final int PER_SOURCE_ADDRESS = 20_000;
  private static final List<String> RELAY_JVM = List.of("-Xmx1g", "-XX:+UseG1GC");

  private final int asked;

  MemoryBench(BenchOptions options) {
    this.asked = options.connections();
  }

  Result run() throws Exception {
    long limit = fileLimit();
    int n = asked;
    String note = null;
    if (limit > 0 && n > limit - RESERVED_FILES) {
      n = (int) Math.max(1, limit - RESERVED_FILES);
      note = "ulimit -n is " + limit + ": opened " + n + " of " + asked + " connections; raise it (ulimit -n "
          + (asked + 2 * RESERVED_FILES) + "; scripts/bench.sh does where the hard limit allows) to open them all";
      log(note);
    }
    try (ChildProcess relay = ChildProcess.java("relay", RELAY_JVM, RelayProcess.class);
        IdleConnections idle = new IdleConnections()) {
      URI endpoint = URI.create(relay.expect("endpoint", ANSWER_BOUND)[1]);
      long[] pending = pendingCalls(endpoint); // first, while the relay has nothing else to do
      long baseline = heap(relay)[0];
      log("relay child at " + endpoint + ", heap after GC with no connection: " + mb(baseline));
      long t0 = System.nanoTime();
      String stopped = openAll(idle, endpoint, n);
      if (stopped != null) {
        note = note == null ? stopped : note + "; " + stopped;
      }
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      long[] loaded = heap(relay);
      if (loaded[1] != idle.size()) {
        note = (note == null ? "" : note + "; ") + "relay counts " + loaded[1] + " connections, " + idle.size()
            + " were opened";
      }
      log(String.format("%d connections: heap %s, %.0f bytes each", idle.size(), mb(loaded[0]),
          (double) (loaded[0] - baseline) / Math.max(1, idle.size())));
      return new Result(asked, (int) loaded[1], limit, baseline, loaded[0], openSeconds, (int) pending[0],
          pending[1], note);
    }
  }

  /** Calls pending and the heap they take, in a client JVM of its own. */
  private static long[] pendingCalls(URI endpoint) throws IOException, InterruptedException {
    try (ChildProcess client = ChildProcess.java("pending-calls client", List.of("-XX:+UseG1GC"),
        PendingCallsProcess.class, endpoint.toString(), String.valueOf(Report.PENDING_CALLS))) {
      String[] a = client.expect("pending", ANSWER_BOUND);
      log(String.format("a client with %s calls pending: %s of heap for them", a[1], mb(Long.parseLong(a[2]))));
      return new long[] {Long.parseLong(a[1]), Long.parseLong(a[2])};
    }
  }

  /**
   * Opens {@code n} connections from a few threads (each handshake waits on the relay's threads, and this machine
   * is shared), {@value #PER_SOURCE_ADDRESS} per source address from 127.0.0.2 on; returns why it stopped early, or
   * null.
   */
  private static String openAll(IdleConnections idle, URI endpoint, int n) throws Exception {
    int threads = 8;
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> stopped = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        while (stopped.get() == null) {
          int i = next.getAndIncrement();
          if (i >= n) {
            return;
          }
          try {
            idle.open(endpoint, InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i / PER_SOURCE_ADDRESS)}));
          } catch (IOException e) {
            stopped.compareAndSet(null, "stopped at about " + idle.size() + " connections: " + e);
            return;
          }
          if ((i + 1) % 10_000 == 0) {
            log((i + 1) + " connections open");
          }
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
      stopped.compareAndSet(null, "opening took over 10 minutes; stopped at " + idle.size());
      pool.shutdownNow();
    }
    if (stopped.get() != null) {
      log(stopped.get());
    }
    return stopped.get();
  }

  private static long[] heap(ChildProcess relay) throws InterruptedException {
    relay.send("heap");
    String[] answer = relay.expect("heap", ANSWER_BOUND);
    return new long[] {Long.parseLong(answer[1]), Long.parseLong(answer[2])};
  }

  static long fileLimit() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
      return os.getMaxFileDescriptorCount();
    }
    return -1;
  }

  static String mb(double bytes) {
    return String.format("%.1f MB", bytes / (1024 * 1024));
  }

  private static void log(String s) {
    System.out.println("[memory] " + s);
  }
}
