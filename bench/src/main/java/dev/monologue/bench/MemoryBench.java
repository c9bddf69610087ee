package dev.monologue.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Relay heap per idle connection: a {@link RelayProcess} in a child JVM (so that the clients' own objects are not
 * in the heap measured), its heap used after GC with no connection, then with {@code n} idle connections open.
 */
final class MemoryBench {
  /**
   * @param connections how many were open when measured (fewer than asked when the file limit is low)
   * @param fileLimit this process's open-file limit
   * @param baselineBytes relay heap used after GC with no connection
   * @param loadedBytes relay heap used after GC with {@code connections} open
   * @param note why fewer connections were opened than asked, or null
   */
  record Result(int asked, int connections, long fileLimit, long baselineBytes, long loadedBytes, double openSeconds,
      String note) {
    double bytesPerConnection() {
      return connections == 0 ? 0 : (double) (loadedBytes - baselineBytes) / connections;
    }

    /** Heap of a relay holding {@code n} idle connections, from this run's per-connection cost. */
    double projectedBytes(int n) {
      return baselineBytes + bytesPerConnection() * n;
    }
  }

  private static final long ANSWER_SECONDS = 60;
  /** Descriptors this process keeps for itself (jars, the relay child's pipes, the round-trip clients, ...). */
  private static final int RESERVED_FILES = 300;

  private final int asked;

  MemoryBench(int connections) {
    this.asked = connections;
  }

  Result run() throws Exception {
    long limit = fileLimit();
    int n = asked;
    String note = null;
    if (limit > 0 && n > limit - RESERVED_FILES) {
      n = (int) Math.max(1, limit - RESERVED_FILES);
      note = "ulimit -n is " + limit + ": opened " + n + " of " + asked + " connections; raise it (ulimit -n "
          + (asked + 2 * RESERVED_FILES) + ") to open them all";
      log(note);
    }
    ProcessBuilder pb = new ProcessBuilder(Classpath.java(), "-Xmx1g", "-XX:+UseG1GC", "-cp", Classpath.current(),
        RelayProcess.class.getName());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> pump(child, lines), "relay-child-stdout");
    reader.setDaemon(true);
    reader.start();
    PrintStream commands = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
    try (IdleConnections idle = new IdleConnections()) {
      URI endpoint = URI.create(expect(lines, "endpoint")[1]);
      long baseline = heap(commands, lines)[0];
      log("relay child at " + endpoint + ", heap after GC with no connection: " + mb(baseline));
      long t0 = System.nanoTime();
      String stopped = openAll(idle, endpoint, n);
      if (stopped != null) {
        note = note == null ? stopped : note + "; " + stopped;
      }
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      long[] loaded = heap(commands, lines);
      if (loaded[1] != idle.size()) {
        note = (note == null ? "" : note + "; ") + "relay counts " + loaded[1] + " connections, " + idle.size()
            + " were opened";
      }
      Result r = new Result(asked, idle.size(), limit, baseline, loaded[0], openSeconds, note);
      log(String.format("%d connections: heap %s, %.0f bytes each", r.connections(), mb(r.loadedBytes()),
          r.bytesPerConnection()));
      stop(child, commands); // with the connections still open, as a relay is usually stopped
      return r;
    } finally {
      stop(child, commands);
    }
  }

  private static void stop(Process child, PrintStream commands) throws InterruptedException {
    if (!child.isAlive()) {
      return;
    }
    commands.println("quit");
    if (!child.waitFor(20, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Opens {@code n} connections from a few threads (each handshake waits on the relay's threads, and this machine
   * is shared); returns why it stopped early, or null.
   */
  private static String openAll(IdleConnections idle, URI endpoint, int n) throws InterruptedException {
    int threads = 8;
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> stopped = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        while (stopped.get() == null) {
          int i = next.getAndIncrement();
          if (i >= n) {
            return;
          }
          try {
            idle.open(endpoint);
          } catch (IOException e) {
            stopped.compareAndSet(null, "stopped at about " + idle.size() + " connections: " + e);
            return;
          }
          if ((i + 1) % 2_000 == 0) {
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

  private static long[] heap(PrintStream commands, BlockingQueue<String> lines) throws Exception {
    commands.println("heap");
    String[] answer = expect(lines, "heap");
    return new long[] {Long.parseLong(answer[1]), Long.parseLong(answer[2])};
  }

  private static String[] expect(BlockingQueue<String> lines, String word) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException("the relay child did not answer '" + word + "' within " + ANSWER_SECONDS
            + " s");
      }
      if (line.equals("<eof>")) {
        throw new IllegalStateException("the relay child exited before answering '" + word + "'");
      }
      if (line.startsWith(word + " ")) {
        return line.split(" ");
      }
    }
  }

  private static void pump(Process child, BlockingQueue<String> lines) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the child is gone; expect() reports it
    }
    lines.add("<eof>");
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
