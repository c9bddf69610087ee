package dev.monologue.bench;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;

/**
 * Where the typed echo's time goes at 1x64 and at 8x8: the CPU each kind of thread spent in the relay, the callee
 * and the callers ({@link ThreadCpu}, read before and after each window), per call and as a share of one core, in
 * interleaved rounds, medians reported. A thread kind near 100% of a core is the limit of that shape. The 8 caller
 * clients run twice: each with its own handler pool, as in the round trip, and all on one shared executor.
 */
final class ShapeProfileBench {
  private static final Duration START_BOUND = Duration.ofSeconds(60);

  private final BenchOptions options;
  /** callers/shape -> "process thread-kind" -> [µs per call, % of a core], a row per round. */
  private final Map<String, Map<String, List<double[]>>> results = new TreeMap<>();
  /** callers/shape -> [calls/s], a row per round. */
  private final Map<String, List<double[]>> rates = new TreeMap<>();

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
      // The callers as the round trip has them (each client its own handler pool), and the same clients sharing one
      // ForkJoinPool as their handler executor: what one executor for the clients of a process would save.
      ForkJoinPool shared = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
          ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
      open.add(0, shared::shutdownNow);
      Map<String, Contender> callers = new LinkedHashMap<>();
      callers.put("own-pools", new JvmContender("typed", () -> new TypedCaller(endpoint, id, false), 8));
      callers.put("one-shared", new JvmContender("typed", () -> new TypedCaller(endpoint, id, shared), 8));
      callers.values().forEach(c -> open.add(0, c));
      for (Contender typed : callers.values()) {
        for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
          typed.throughput(shape.callers(), shape.inFlight(), options.warmup());
        }
      }
      for (int round = 1; round <= options.rounds(); round++) {
        out.println("[shapes] round " + round + "/" + options.rounds() + " (load " + Load.now() + ")");
        for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
          for (Map.Entry<String, Contender> caller : callers.entrySet()) {
            window(out, caller.getKey() + "/" + shape.label(), caller.getValue(), shape, relay, callee);
          }
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

  /** One window of {@code shape} from {@code typed}, with every thread's CPU read before and after it. */
  private void window(PrintStream out, String label, Contender typed, RoundTripBench.Shape shape, ChildProcess relay,
      ChildProcess callee) throws Exception {
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
    rates.computeIfAbsent(label, k -> new ArrayList<>()).add(new double[] {t.callsPerSecond()});
    out.printf("[shapes]   %s  %,8.0f calls/s  (%s to %s)%s%n", label, t.callsPerSecond(), from, Instant.now(),
        t.failures() > 0 ? "  (" + t.failures() + " failed: " + t.firstFailure() + ")" : "");
    Map<String, List<double[]>> byKind = results.computeIfAbsent(label, k -> new TreeMap<>());
    spent.forEach((kind, nanos) -> {
      if (nanos > wall / 1000) { // under 0.1% of a core: idle threads
        byKind.computeIfAbsent(kind, k -> new ArrayList<>())
            .add(new double[] {nanos / 1e3 / Math.max(1, calls), 100.0 * nanos / wall});
      }
    });
  }

  private static Map<String, Long> threads(ChildProcess child) throws InterruptedException {
    child.send("threads");
    return ThreadCpu.parse(child.expect("threads", START_BOUND), 1);
  }
}
