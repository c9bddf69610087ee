package dev.monologue.bench;

import dev.monologue.MonologueOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Measures Monologue against a raw baseline on this machine and prints a table with the targets beside the numbers;
 * also writes them as JSON. Run it from the repository root:
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl bench exec:java     # full run, about 6 minutes
 * mvn -B -q -pl bench exec:java -Dexec.args="--quick"                 # about 2 minutes
 * </pre>
 *
 * ({@code -am} does not work with {@code exec:java} here: it would also run the relay's main class.) The JMH
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
    if (options.runs("roundtrip")) {
      results.roundTrip = new RoundTripBench(options).run(contenders());
    }
    if (options.runs("jmh")) {
      results.codec = JmhRunner.run(options);
    }
    if (options.runs("memory")) {
      System.gc();
      results.memory = new MemoryBench(options.connections()).run();
    }
    Report report = new Report(results);
    report.print(System.out);
    report.writeJson(options.output());
    System.out.println("[bench] wrote " + options.output().toAbsolutePath());
  }

  /** In the order they run within each round. */
  static List<Function<URI, Contender>> contenders() {
    List<Function<URI, Contender>> list = new ArrayList<>();
    list.add(endpoint -> {
      try {
        return new RawEcho(endpoint);
      } catch (Exception e) {
        throw new IllegalStateException("could not set up the raw baseline: " + e, e);
      }
    });
    list.add(StringNamedEcho::new);
    list.add(endpoint -> new TypedEcho(endpoint, false));
    list.add(endpoint -> new TypedEcho(endpoint, true));
    return list;
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

    Results(BenchOptions options) {
      this.options = options;
    }
  }
}
