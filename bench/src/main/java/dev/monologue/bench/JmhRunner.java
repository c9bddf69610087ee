package dev.monologue.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmarks of {@link CodecBenchmark} in interleaved rounds, one short fork per benchmark per round, and
 * reports for each the median of all its measured iterations: on a shared machine a burst of load then spoils a
 * few iterations of every benchmark rather than the whole of one.
 */
final class JmhRunner {
  static final List<String> BENCHMARKS = List.of("handWritten", "generated", "proxy");

  /**
   * One benchmark's result in nanoseconds per call: the median of its iterations, and their spread between the
   * 25th and 75th percentile.
   */
  record Score(String name, double nanos, double p25, double p75, int iterations) {}

  private JmhRunner() {}

  static List<Score> run(BenchOptions options) throws RunnerException {
    // The fork is started with java.class.path; under exec:java that is Maven's launcher, not this module's path.
    System.setProperty("java.class.path", Classpath.current());
    int rounds = options.rounds();
    int warmup = options.quick() ? 3 : 5;
    int measure = options.quick() ? 3 : 5;
    System.out.println("[jmh] " + CodecBenchmark.class.getSimpleName() + ": " + rounds + " interleaved rounds of one"
        + " fork per benchmark, " + warmup + " x 1 s warm-up and " + measure + " x 1 s measured per fork");
    Map<String, List<Double>> iterations = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      StringBuilder line = new StringBuilder("[jmh] round " + (round + 1) + "/" + rounds + ":");
      for (int i = 0; i < BENCHMARKS.size(); i++) {
        String name = BENCHMARKS.get((i + round) % BENCHMARKS.size()); // rotate who goes first
        Options jmh = new OptionsBuilder()
            .include(CodecBenchmark.class.getName() + "\\." + name + "$")
            .forks(1)
            .warmupIterations(warmup)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(measure)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgs("-Xms512m", "-Xmx512m")
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
        for (RunResult r : new Runner(jmh).run()) {
          for (BenchmarkResult b : r.getBenchmarkResults()) {
            for (IterationResult it : b.getIterationResults()) {
              iterations.computeIfAbsent(name, k -> new ArrayList<>()).add(it.getPrimaryResult().getScore());
            }
          }
          line.append(String.format("  %s %.0f ns", name, r.getPrimaryResult().getScore()));
        }
      }
      System.out.println(line);
    }
    List<Score> scores = new ArrayList<>();
    for (String name : BENCHMARKS) {
      double[] v = iterations.get(name).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      scores.add(new Score(name, quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), v.length));
    }
    return scores;
  }

  /** Linear interpolation between the closest ranks of the sorted {@code v}. */
  static double quantile(double[] v, double q) {
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }
}
