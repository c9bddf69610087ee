package dev.monologue.bench;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's own handler pool against {@link java.util.concurrent.ForkJoinPool}s (managed blocking) as the
 * callee's handler executor: one relay, one callee process per executor ({@link PoolCalleeProcess}), the callers in
 * this process; calls a second, the callee process's CPU per call and its live threads, in interleaved rounds.
 * Workloads: the typed echo at 1x64 and 8x8, a handler sleeping in user code, and a handler making a nested blocking
 * call back to its own client.
 */
final class PoolBench {
  private static final Duration START_BOUND = Duration.ofSeconds(60);

  /** What the callers call, how many connections and how many calls in flight on each. */
  private record Workload(String method, int callers, int inFlight) {
    String label() {
      return String.format("%-6s %dx%d", method, callers, inFlight);
    }
  }

  private static final List<Workload> WORKLOADS = List.of(new Workload("echo", 1, 64), new Workload("echo", 8, 8),
      new Workload("sleep", 1, 64), new Workload("nested", 1, 32), new Workload("nested", 8, 4));

  /** One callee process on one executor, and this process's callers of it by method. */
  private record Setup(String executor, ChildProcess callee, Map<String, Contender> callers) {}

  private final BenchOptions options;

  PoolBench(BenchOptions options) {
    this.options = options;
  }

  void run(PrintStream out) throws Exception {
    List<String> executors = List.of("pool", "forkjoin-" + Runtime.getRuntime().availableProcessors(),
        "forkjoin-64");
    List<Setup> setups = new ArrayList<>();
    List<AutoCloseable> open = new ArrayList<>(); // closed in reverse order of opening
    try {
      ChildProcess relay = ChildProcess.java("relay", options.jvmOptions(), RelayProcess.class);
      open.add(0, relay);
      URI endpoint = URI.create(relay.expect("endpoint", START_BOUND)[1]);
      for (String executor : executors) {
        ChildProcess callee = ChildProcess.java("callee-" + executor, options.jvmOptions(), PoolCalleeProcess.class,
            endpoint.toString(), executor);
        open.add(0, callee);
        String id = callee.expect("callee", START_BOUND)[1];
        Map<String, Contender> callers = new LinkedHashMap<>();
        callers.put("echo", new JvmContender("echo", () -> new TypedCaller(endpoint, id, false), 8));
        callers.put("sleep", new JvmContender("sleep", () -> new StringNamedCaller(endpoint, id, "sleep"), 1));
        callers.put("nested", new JvmContender("nested", () -> new StringNamedCaller(endpoint, id, "nested"), 8));
        callers.values().forEach(c -> open.add(0, c));
        setups.add(new Setup(executor, callee, callers));
      }
      for (Setup s : setups) {
        for (Workload w : WORKLOADS) {
          s.callers().get(w.method()).throughput(w.callers(), w.inFlight(), options.warmup().dividedBy(2));
        }
      }
      Map<String, List<double[]>> results = new LinkedHashMap<>(); // key -> [calls/s, CPU µs per call, threads]
      for (int round = 1; round <= options.rounds(); round++) {
        out.println("[pool] round " + round + "/" + options.rounds() + " (load " + Load.now() + ")");
        for (Workload w : WORKLOADS) {
          for (Setup s : setups) {
            long[] cpu0 = cpu(s.callee());
            Throughput.Result t = s.callers().get(w.method()).throughput(w.callers(), w.inFlight(),
                options.measure());
            long[] cpu1 = cpu(s.callee());
            double calls = t.callsPerSecond() * options.measure().toNanos() / 1e9;
            double cpuPerCall = (cpu1[0] - cpu0[0]) / 1e3 / Math.max(1, calls);
            String key = String.format("%-12s %s", s.executor(), w.label());
            results.computeIfAbsent(key, k -> new ArrayList<>())
                .add(new double[] {t.callsPerSecond(), cpuPerCall, cpu1[1]});
            out.printf("[pool]   %s  %,8.0f calls/s  callee CPU %7.1f µs/call  %3d threads%s%n", key,
                t.callsPerSecond(), cpuPerCall, cpu1[1],
                t.failures() > 0 ? "  (" + t.failures() + " failed: " + t.firstFailure() + ")" : "");
          }
        }
      }
      out.println();
      out.println("Handler executors, " + Runtime.getRuntime().availableProcessors() + " cores; relay, callee and"
          + " callers in three processes; median of " + options.rounds() + " rounds, " + options.measure().toMillis()
          + " ms windows; sleep = " + PoolCalleeProcess.SLEEP_MILLIS + " ms in the handler; load at the end "
          + Load.now());
      out.println("executor     workload       calls/s   callee CPU µs/call   live threads");
      for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
        out.printf("%-27s %,10.0f   %12.1f   %12.0f%n", e.getKey(), median(e.getValue(), 0),
            median(e.getValue(), 1), median(e.getValue(), 2));
      }
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  /** The callee's process CPU time (ns) and live threads. */
  private static long[] cpu(ChildProcess callee) throws InterruptedException {
    callee.send("cpu");
    String[] line = callee.expect("cpu", START_BOUND);
    return new long[] {Long.parseLong(line[1]), Long.parseLong(line[2])};
  }

  static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
