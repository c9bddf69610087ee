package dev.monologue.bench;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay with 1 and with 2 I/O threads ({@code LocalRelay.Builder.ioThreads}), each in a process of its own with
 * its callees in another and the callers in this one: calls a second, and the relay process's CPU time per call
 * (its {@code getProcessCpuTime} before and after each window), in interleaved rounds, medians reported.
 */
final class RelayThreadsBench {
  private static final int[] IO_THREADS = {1, 2};
  private static final Duration START_BOUND = Duration.ofSeconds(60);
  private static final int CONNECTIONS = 8;

  private final BenchOptions options;

  RelayThreadsBench(BenchOptions options) {
    this.options = options;
  }

  /** One relay, its callee process and the callers this process opens to it. */
  private record Setup(int ioThreads, ChildProcess relay, Map<String, Contender> contenders) {}

  void run(PrintStream out) throws Exception {
    List<Setup> setups = new ArrayList<>();
    List<AutoCloseable> open = new ArrayList<>(); // closed in reverse order of opening
    try {
      for (int threads : IO_THREADS) {
        ChildProcess relay = ChildProcess.java("relay-" + threads, options.jvmOptions(), RelayProcess.class,
            String.valueOf(threads));
        open.add(0, relay);
        URI endpoint = URI.create(relay.expect("endpoint", START_BOUND)[1]);
        ChildProcess callee = ChildProcess.java("callee-" + threads, options.jvmOptions(), CalleeProcess.class,
            endpoint.toString());
        open.add(0, callee);
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < 4; i++) {
          String[] line = callee.expect("callee", START_BOUND);
          ids.put(line[1], line[2]);
        }
        Map<String, Contender> contenders = new LinkedHashMap<>();
        setups.add(new Setup(threads, relay, contenders));
        contenders.put("bare", new JvmContender("bare", () -> new BareCaller(endpoint, ids.get("bare")),
            CONNECTIONS));
        contenders.put("typed", new JvmContender("typed", () -> new TypedCaller(endpoint, ids.get("typed"), false),
            CONNECTIONS));
        contenders.values().forEach(c -> open.add(0, c));
      }
      for (Setup s : setups) {
        for (Contender c : s.contenders().values()) {
          for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
            c.throughput(shape.callers(), shape.inFlight(), options.warmup().dividedBy(2));
          }
        }
      }
      Map<String, List<double[]>> results = new LinkedHashMap<>(); // key -> [calls/s, relay CPU µs per call]
      for (int round = 1; round <= options.rounds(); round++) {
        out.println("[threads] round " + round + "/" + options.rounds() + " (load " + Load.now() + ")");
        for (Setup s : setups) {
          for (Map.Entry<String, Contender> e : s.contenders().entrySet()) {
            for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
              long cpu0 = cpu(s.relay());
              Throughput.Result t = e.getValue().throughput(shape.callers(), shape.inFlight(), options.measure());
              long cpu1 = cpu(s.relay());
              double calls = t.callsPerSecond() * options.measure().toNanos() / 1e9;
              double cpuPerCall = (cpu1 - cpu0) / 1e3 / Math.max(1, calls);
              String key = String.format("%d io thread(s)  %-6s %s", s.ioThreads(), e.getKey(), shape.label());
              results.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {t.callsPerSecond(), cpuPerCall});
              out.printf("[threads]   %s  %,8.0f calls/s  relay CPU %6.1f µs/call%s%n", key, t.callsPerSecond(),
                  cpuPerCall, t.failures() > 0 ? "  (" + t.failures() + " failed: " + t.firstFailure() + ")" : "");
            }
          }
        }
      }
      out.println();
      out.println("Relay I/O threads, " + Runtime.getRuntime().availableProcessors() + " cores; relay, callees and"
          + " callers in three processes; median of " + options.rounds() + " rounds, " + options.measure().toMillis()
          + " ms windows; load at the end " + Load.now());
      out.println("setup                               calls/s   relay CPU µs/call");
      for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
        out.printf("%-32s %,10.0f   %8.1f%n", e.getKey(), median(e.getValue(), 0), median(e.getValue(), 1));
      }
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  private static long cpu(ChildProcess relay) throws InterruptedException {
    relay.send("cpu");
    return Long.parseLong(relay.expect("cpu", START_BOUND)[1]);
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
