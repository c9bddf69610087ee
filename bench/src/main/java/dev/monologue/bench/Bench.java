package dev.monologue.bench;

import dev.monologue.MonologueOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Measures Monologue against its peers on this machine (Socket.IO, and a bare Java-WebSocket client through the same
 * relay) and prints a table with the targets beside the numbers; also writes them as JSON. Run it from the
 * repository root with {@code scripts/bench.sh} (options after it; {@code --quick} for a short run). The JMH
 * benchmarks alone, with JMH's own options: {@code java -cp <bench class path> org.openjdk.jmh.Main CodecBenchmark}.
 * {@code --help} lists the options. Benchmarks are never tests: nothing here passes or fails, it measures.
 */
public final class Bench {
  /** Bound on any one call or wait: a benchmark must never hang. */
  static final Duration CALL_BOUND = Duration.ofSeconds(10);

  private Bench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("[bench] " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", ulimit -n "
        + MemoryBench.fileLimit() + (options.quick() ? ", quick mode" : ""));
    Results results = new Results(options);
    results.loadBefore = Load.now();
    if (options.runs("roundtrip")) {
      results.roundTrip = new RoundTripBench(options).run();
    }
    if (options.runs("threads")) {
      new RelayThreadsBench(options).run(System.out);
    }
    if (options.runs("pool")) {
      new PoolBench(options).run(System.out);
    }
    if (options.runs("shapes")) {
      new ShapeProfileBench(options).run(System.out);
    }
    if (options.runs("jmh")) {
      results.codec = JmhRunner.run(options);
    }
    if (options.runs("aws")) {
      results.aws = new AwsCostBench(options).run();
    }
    if (options.runs("cost")) {
      results.cost = new AwsBillingBench(options).run();
    }
    if (options.runs("memory")) {
      System.gc();
      results.memory = new MemoryBench(options).run();
    }
    results.loadAfter = Load.now();
    Report report = new Report(results);
    report.print(System.out);
    report.writeJson(options.output());
    System.out.println("[bench] wrote " + options.output().toAbsolutePath());
  }

  static MonologueOptions options(URI endpoint) {
    return MonologueOptions.builder().endpoint(endpoint).timeout(CALL_BOUND).build();
  }

  /** What one run measured; parts not run stay null. */
  static final class Results {
    final BenchOptions options;
    List<RoundTripBench.Summary> roundTrip;
    List<JmhRunner.Score> codec;
    MemoryBench.Result memory;
    List<AwsCostBench.Result> aws;
    AwsBillingBench.Result cost;
    String loadBefore;
    String loadAfter;

    Results(BenchOptions options) {
      this.options = options;
    }
  }
}
