package dev.monologue.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link Bench}.
 *
 * @param warmup warm-up per contender before the rounds
 * @param measure length of each throughput window, per shape per contender per round
 * @param rounds interleaved rounds (socket.io, bare, string, typed, proxy, socket.io, ...); medians are reported
 * @param latencyCalls calls one after another in each latency run (its maximum is the slowest of them)
 * @param connections idle connections opened for the relay memory measurement
 * @param jvmOptions options for the relay's and the callees' JVMs (a profiler, a heap size)
 * @param contenders which contenders run (all when empty), e.g. for a profile of one
 * @param parts which parts to run: roundtrip, memory, jmh, aws, cost
 * @param output where the JSON results go
 */
record BenchOptions(Duration warmup, Duration measure, int rounds, int latencyCalls, int connections, boolean quick,
    Set<String> parts, Path output, List<String> jvmOptions, Set<String> contenders) {
  static final Set<String> ALL_PARTS = Set.of("roundtrip", "memory", "jmh", "aws", "cost");
  /** Parts run only when asked for by name. */
  static final Set<String> OPTIONAL_PARTS = Set.of("threads", "pool", "shapes");

  static final String USAGE = String.join("\n",
      "Usage: Bench [options]   (through Maven: -Dexec.args=\"--quick\")",
      "  --quick            short run: 2 s warm-up, 3 rounds, 5,000 latency calls, 1 s windows,",
      "                     5,000 idle connections, short JMH",
      "  --warmup S         warm-up per contender, seconds (default 5)",
      "  --seconds S        each throughput window, seconds (default 2)",
      "  --rounds N         interleaved rounds (default 5)",
      "  --calls N          calls in each latency run (default 20000)",
      "  --connections N    idle connections for the relay memory measurement (default 50000)",
      "  --jvm-option OPT   an option for the relay's and the callees' JVMs (repeatable), e.g. a flight recording",
      "  --contenders C[,C] run only these: socket.io, nats, bare, string-named, typed, proxy (default all)",
      "  --only P[,P]       run only these parts: roundtrip, memory, jmh, aws, cost (what a call costs on AWS),",
      "                     threads (the relay with 1 and 2 I/O threads: calls/s and its CPU per call),",
      "                     pool (the handler pool against ForkJoinPools as the callee's executor),",
      "                     shapes (CPU by thread in relay, callee and callers at 1x64 and 8x8)",
      "  --output FILE      JSON results (default bench/target/bench-results.json)",
      "  --help             this text");

  static BenchOptions parse(String[] args) {
    boolean quick = false;
    Double warmup = null;
    Double seconds = null;
    Integer rounds = null;
    Integer calls = null;
    List<String> jvmOptions = new ArrayList<>();
    Set<String> contenders = Set.of();
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
        case "--calls" -> calls = positive(value(args, ++i, a), a);
        case "--jvm-option" -> jvmOptions.add(value(args, ++i, a));
        case "--contenders" -> contenders = Set.of(value(args, ++i, a).split(","));
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
        calls != null ? calls : quick ? 5_000 : 20_000,
        connections != null ? connections : quick ? 5_000 : 50_000,
        quick, parts, output, List.copyOf(jvmOptions), contenders);
  }

  boolean runs(String part) {
    return parts.contains(part);
  }

  boolean runsContender(String name) {
    return contenders.isEmpty() || contenders.contains(name);
  }

  /** bench/target/bench-results.json. */
  private static Path defaultOutput() {
    return benchDirectory().resolve("target").resolve("bench-results.json");
  }

  /** The bench module's folder, whether started from the repository's root or from bench/. */
  static Path benchDirectory() {
    Path here = Path.of("").toAbsolutePath();
    return here.getFileName() != null && here.getFileName().toString().equals("bench") ? here
        : here.resolve("bench");
  }

  private static Set<String> parts(String list) {
    Set<String> parts = Set.of(list.toLowerCase(Locale.ROOT).split(","));
    for (String p : parts) {
      if (!ALL_PARTS.contains(p) && !OPTIONAL_PARTS.contains(p)) {
        throw new IllegalArgumentException("--only takes roundtrip, memory, jmh, aws, cost, threads, pool or shapes,"
            + " not '" + p
            + "'");
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
