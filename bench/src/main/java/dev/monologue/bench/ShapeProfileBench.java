package dev.monologue.bench;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the typed echo's time goes at 1x64 and at 8x8: the CPU each kind of thread spent in the relay, the callee
 * and the callers ({@link ThreadCpu}, read before and after each window), per call and as a share of one core, in
 * interleaved rounds, medians reported. A thread kind near 100% of a core is the limit of that shape.
 */
final class ShapeProfileBench {
  private static final Duration START_BOUND = Duration.ofSeconds(60);

  private final BenchOptions options;

  ShapeProfileBench(BenchOptions options) {
    this.options = options;
  }

  void run(PrintStream out) throws Exception {
    List<AutoCloseable> open = new ArrayList<>(); // closed in reverse order of opening
    try {
      ChildProcess relay = ChildProcess.java("relay", options.jvmOptions(), RelayProcess.class);
      open.add(0, relay);
      URI endpoint = URI.create(relay.expect("endpoint", START_BOUND)[1]);
      ChildProcess callee = ChildProcess.java("callee", options.jvmOptions(), PoolCalleeProcess.class,
          endpoint.toString(), "pool");
      open.add(0, callee);
      String id = callee.expect("callee", START_BOUND)[1];
      Contender typed = new JvmContender("typed", () -> new TypedCaller(endpoint, id, false), 8);
      open.add(0, typed);
      for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
        typed.throughput(shape.callers(), shape.inFlight(), options.warmup());
      }
      // shape -> "process thread-kind" -> [µs per call, % of a core] per round
      Map<String, Map<String, List<double[]>>> results = new TreeMap<>();
      Map<String, List<double[]>> rates = new TreeMap<>();
      for (int round = 1; round <= options.rounds(); round++) {
        out.println("[shapes] round " + round + "/" + options.rounds() + " (load " + Load.now() + ")");
        for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
          Map<String, Long> r0 = threads(relay);
          Map<String, Long> c0 = threads(callee);
          Map<String, Long> s0 = ThreadCpu.now();
          Instant from = Instant.now(); // printed, to cut a flight recording of the run into its windows
          long t0 = System.nanoTime();
          Throughput.Result t = typed.throughput(shape.callers(), shape.inFlight(), options.measure());
          long wall = System.nanoTime() - t0;
          Map<String, Long> spent = new TreeMap<>();
          ThreadCpu.spent(r0, threads(relay)).forEach((k, v) -> spent.put("relay   " + k, v));
          ThreadCpu.spent(c0, threads(callee)).forEach((k, v) -> spent.put("callee  " + k, v));
          ThreadCpu.spent(s0, ThreadCpu.now()).forEach((k, v) -> spent.put("callers " + k, v));
          // the window's calls, and the ramp and drain around it at about the same rate
          double calls = t.callsPerSecond() * wall / 1e9;
          rates.computeIfAbsent(shape.label(), k -> new ArrayList<>()).add(new double[] {t.callsPerSecond()});
          out.printf("[shapes]   %s  %,8.0f calls/s  (%s to %s)%n", shape.label(), t.callsPerSecond(), from,
              Instant.now());
          Map<String, List<double[]>> byKind = results.computeIfAbsent(shape.label(), k -> new TreeMap<>());
          spent.forEach((kind, nanos) -> {
            if (nanos > wall / 1000) { // under 0.1% of a core: idle threads
              byKind.computeIfAbsent(kind, k -> new ArrayList<>())
                  .add(new double[] {nanos / 1e3 / Math.max(1, calls), 100.0 * nanos / wall});
            }
          });
        }
      }
      out.println();
      out.println("CPU by thread, typed echo, " + Runtime.getRuntime().availableProcessors() + " cores; relay,"
          + " callee and callers in three processes; median of " + options.rounds() + " rounds, "
          + options.measure().toMillis() + " ms windows (with the ramp and drain); load at the end " + Load.now());
      for (Map.Entry<String, Map<String, List<double[]>>> shape : results.entrySet()) {
        out.printf("%s: %,.0f calls/s%n", shape.getKey(), PoolBench.median(rates.get(shape.getKey()), 0));
        out.println("  process thread                              µs/call   % of a core");
        for (Map.Entry<String, List<double[]>> e : shape.getValue().entrySet()) {
          out.printf("  %-42s %7.2f   %6.1f%n", e.getKey(), PoolBench.median(e.getValue(), 0),
              PoolBench.median(e.getValue(), 1));
        }
      }
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  private static Map<String, Long> threads(ChildProcess child) throws InterruptedException {
    child.send("threads");
    return ThreadCpu.parse(child.expect("threads", START_BOUND), 1);
  }
}
