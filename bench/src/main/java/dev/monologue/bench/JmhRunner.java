package dev.monologue.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link CodecBenchmark} in one forked JVM, all of its benchmarks in the same run. */
final class JmhRunner {
  /** One benchmark's average time per call and its 99.9% confidence half-width, in nanoseconds. */
  record Score(String name, double nanos, double error) {}

  private JmhRunner() {}

  static List<Score> run(BenchOptions options) throws RunnerException {
    // The fork is started with java.class.path; under exec:java that is Maven's launcher, not this module's path.
    System.setProperty("java.class.path", Classpath.current());
    int warmup = options.quick() ? 3 : 5;
    int measure = options.quick() ? 3 : 8;
    Options jmh = new OptionsBuilder()
        .include(CodecBenchmark.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(warmup)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(measure)
        .measurementTime(TimeValue.seconds(1))
        .jvmArgs("-Xms512m", "-Xmx512m")
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();
    System.out.println("[jmh] " + CodecBenchmark.class.getSimpleName() + ": 1 fork, " + warmup + " x 1 s warm-up, "
        + measure + " x 1 s measured, per benchmark");
    Collection<RunResult> results = new Runner(jmh).run();
    List<Score> scores = new ArrayList<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      String name = full.substring(full.lastIndexOf('.') + 1);
      scores.add(new Score(name, r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
      System.out.printf("[jmh] %-12s %8.0f ± %.0f ns/call%n", name, r.getPrimaryResult().getScore(),
          r.getPrimaryResult().getScoreError());
    }
    return scores;
  }
}
