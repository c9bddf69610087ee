package dev.monologue.bench;

import dev.monologue.relay.LocalRelay;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Echo calls through one embedded {@link LocalRelay} on loopback: latency at one call in flight and throughput at
 * many, for each contender, in interleaved rounds (raw, string-named, typed, proxy, raw, ...) so that the machine's
 * noise hits all of them alike. Reports the median of the rounds.
 */
final class RoundTripBench {
  /** The medians over the rounds for one contender, and every round as measured. */
  record Summary(String name, double p50Micros, double p99Micros, double callsPerSecond, long failures,
      List<Latency.Result> latencyRounds, List<Throughput.Result> throughputRounds) {}

  private final BenchOptions options;

  RoundTripBench(BenchOptions options) {
    this.options = options;
  }

  List<Summary> run(List<Function<URI, Contender>> factories) throws Exception {
    try (LocalRelay relay = LocalRelay.builder().port(0).build()) {
      relay.start();
      List<Contender> contenders = new ArrayList<>();
      try {
        for (Function<URI, Contender> f : factories) {
          contenders.add(f.apply(relay.endpoint()));
        }
        return measure(contenders);
      } finally {
        for (Contender c : contenders) {
          c.close();
        }
      }
    }
  }

  private List<Summary> measure(List<Contender> contenders) throws Exception {
    for (Contender c : contenders) {
      log("warm-up " + c.name());
      // Both modes, so that the blocking and the asynchronous paths are compiled before the rounds.
      Latency.measure(c, options.warmup().dividedBy(2));
      Throughput.measure(c, options.inFlight(), options.warmup().dividedBy(2));
    }
    Map<String, List<Latency.Result>> latency = new LinkedHashMap<>();
    Map<String, List<Throughput.Result>> throughput = new LinkedHashMap<>();
    for (int round = 1; round <= options.rounds(); round++) {
      StringBuilder line = new StringBuilder("round " + round + "/" + options.rounds() + ":");
      for (Contender c : contenders) {
        Latency.Result l = Latency.measure(c, options.measure());
        Throughput.Result t = Throughput.measure(c, options.inFlight(), options.measure());
        latency.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(l);
        throughput.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(t);
        line.append(String.format("  %s %.0f µs %.0f/s", c.name(), l.p50Micros(), t.callsPerSecond()));
        if (t.failures() > 0) {
          line.append(" (").append(t.failures()).append(" failed: ").append(t.firstFailure()).append(')');
        }
      }
      log(line.toString());
    }
    List<Summary> out = new ArrayList<>();
    for (Contender c : contenders) {
      List<Latency.Result> ls = latency.get(c.name());
      List<Throughput.Result> ts = throughput.get(c.name());
      out.add(new Summary(c.name(),
          median(ls.stream().mapToDouble(Latency.Result::p50Micros).toArray()),
          median(ls.stream().mapToDouble(Latency.Result::p99Micros).toArray()),
          median(ts.stream().mapToDouble(Throughput.Result::callsPerSecond).toArray()),
          ts.stream().mapToLong(Throughput.Result::failures).sum(), ls, ts));
    }
    return out;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static void log(String s) {
    System.out.println("[roundtrip] " + s);
  }
}
