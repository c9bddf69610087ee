package dev.monologue.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link Bench}.
 *
 * @param warmup warm-up per contender before the rounds
 * @param measure length of each latency window and of each throughput window, per contender per round
 * @param rounds interleaved rounds (raw, string, typed, proxy, raw, ...); medians over them are reported
 * @param inFlight calls kept in flight while measuring throughput
 * @param connections idle connections opened for the relay memory measurement
 * @param parts which parts to run: roundtrip, memory, jmh
 * @param output where the JSON results go
 */
record BenchOptions(Duration warmup, Duration measure, int rounds, int inFlight, int connections, boolean quick,
    Set<String> parts, Path output) {
  static final Set<String> ALL_PARTS = Set.of("roundtrip", "memory", "jmh");

  static final String USAGE = String.join("\n",
      "Usage: Bench [options]   (through Maven: -Dexec.args=\"--quick\")",
      "  --quick            short run: 2 s warm-up, 3 rounds of 1 s windows, 2,000 connections, short JMH",
      "  --warmup S         warm-up per contender, seconds (default 5)",
      "  --seconds S        each latency and each throughput window, seconds (default 2)",
      "  --rounds N         interleaved rounds (default 5)",
      "  --in-flight N      calls in flight for throughput (default 64)",
      "  --connections N    idle connections for the memory measurement (default 10000)",
      "  --only P[,P]       run only these parts: roundtrip, memory, jmh",
      "  --output FILE      JSON results (default bench/target/bench-results.json)",
      "  --help             this text");

  static BenchOptions parse(String[] args) {
    boolean quick = false;
    Double warmup = null;
    Double seconds = null;
    Integer rounds = null;
    int inFlight = 64;
    Integer connections = null;
    Set<String> parts = ALL_PARTS;
    Path output = defaultOutput();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, a));
        case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
        case "--rounds" -> rounds = positive(value(args, ++i, a), a);
        case "--in-flight" -> inFlight = positive(value(args, ++i, a), a);
        case "--connections" -> connections = positive(value(args, ++i, a), a);
        case "--only" -> parts = parts(value(args, ++i, a));
        case "--output" -> output = Path.of(value(args, ++i, a));
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
      }
    }
    return new BenchOptions(
        seconds(warmup != null ? warmup : quick ? 2 : 5),
        seconds(seconds != null ? seconds : quick ? 1 : 2),
        rounds != null ? rounds : quick ? 3 : 5,
        inFlight,
        connections != null ? connections : quick ? 2_000 : 10_000,
        quick, parts, output);
  }

  boolean runs(String part) {
    return parts.contains(part);
  }

  /** bench/target/bench-results.json whether started from the root (exec:java -pl bench) or from bench/. */
  private static Path defaultOutput() {
    Path here = Path.of("").toAbsolutePath();
    Path bench = here.getFileName() != null && here.getFileName().toString().equals("bench") ? here
        : here.resolve("bench");
    return bench.resolve("target").resolve("bench-results.json");
  }

  private static Set<String> parts(String list) {
    Set<String> parts = Set.of(list.toLowerCase(Locale.ROOT).split(","));
    for (String p : parts) {
      if (!ALL_PARTS.contains(p)) {
        throw new IllegalArgumentException("--only takes roundtrip, memory or jmh, not '" + p + "'");
      }
    }
    return parts;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int positive(String v, String option) {
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, was " + n);
    }
    return n;
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }
}
