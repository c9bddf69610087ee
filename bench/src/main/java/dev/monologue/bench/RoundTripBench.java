package dev.monologue.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Echo calls through a relay in a process of its own, callees in another, callers in this one (Socket.IO's callers
 * in a Node process; NATS's relay is a {@code nats-server}): latency at one call in flight and throughput in two
 * shapes, for each contender, in interleaved rounds (socket.io, nats, bare, string-named, typed, proxy, socket.io,
 * ...) so that the machine's noise hits all of them alike. Reports the median of the rounds.
 */
final class RoundTripBench {
  /** {@code callers} connections in one process, each with {@code inFlight} calls in flight. */
  record Shape(int callers, int inFlight) {
    String label() {
      return callers + "x" + inFlight;
    }
  }

  static final List<Shape> SHAPES = List.of(new Shape(1, 64), new Shape(8, 8));
  private static final int CONNECTIONS = 8;
  private static final Duration START_BOUND = Duration.ofSeconds(60);

  /** Every round of one contender as measured. */
  record Summary(String name, List<Latency.Result> latencyRounds, Map<String, List<Throughput.Result>> throughput) {
    double p50Micros() {
      return median(latencyRounds.stream().mapToDouble(Latency.Result::p50Micros).toArray());
    }

    double p99Micros() {
      return median(latencyRounds.stream().mapToDouble(Latency.Result::p99Micros).toArray());
    }

    double maxMicros() {
      return median(latencyRounds.stream().mapToDouble(Latency.Result::maxMicros).toArray());
    }

    double callsPerSecond(Shape shape) {
      return median(throughput.get(shape.label()).stream().mapToDouble(Throughput.Result::callsPerSecond).toArray());
    }

    long failures() {
      return throughput.values().stream().flatMap(List::stream).mapToLong(Throughput.Result::failures).sum();
    }
  }

  private final BenchOptions options;

  RoundTripBench(BenchOptions options) {
    this.options = options;
  }

  List<Summary> run() throws Exception {
    try (ChildProcess relay = ChildProcess.java("relay", options.jvmOptions(), RelayProcess.class)) {
      URI endpoint = URI.create(relay.expect("endpoint", START_BOUND)[1]);
      log("relay (own JVM) at " + endpoint);
      try (ChildProcess callee = ChildProcess.java("callee", options.jvmOptions(), CalleeProcess.class,
          endpoint.toString())) {
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < 4; i++) {
          String[] line = callee.expect("callee", START_BOUND);
          ids.put(line[1], line[2]);
        }
        List<Contender> contenders = new ArrayList<>();
        try {
          if (options.runsContender("socket.io")) {
            try {
              contenders.add(SocketIoPeer.start(BenchOptions.benchDirectory().resolve("socketio"), CONNECTIONS));
              log("socket.io relay, callee and callers started (Node)");
            } catch (Exception e) {
              log("no Socket.IO peer in this run: " + e);
            }
          }
          if (options.runsContender("nats")) {
            try {
              contenders.add(NatsPeer.start(options.jvmOptions(), CONNECTIONS));
              log("nats-server, its callee (own JVM) and jnats callers started");
            } catch (Exception e) {
              log("no NATS contender in this run: " + e);
            }
          }
          Map<String, JvmContender.Opener> jvm = new LinkedHashMap<>();
          jvm.put("bare", () -> new BareCaller(endpoint, ids.get("bare")));
          jvm.put("string-named", () -> new StringNamedCaller(endpoint, ids.get("string-named")));
          jvm.put("typed", () -> new TypedCaller(endpoint, ids.get("typed"), false));
          jvm.put("proxy", () -> new TypedCaller(endpoint, ids.get("proxy"), true));
          for (Map.Entry<String, JvmContender.Opener> e : jvm.entrySet()) {
            if (options.runsContender(e.getKey())) {
              contenders.add(new JvmContender(e.getKey(), e.getValue(), CONNECTIONS));
            }
          }
          return measure(contenders);
        } finally {
          for (Contender c : contenders) {
            c.close();
          }
        }
      }
    }
  }

  private List<Summary> measure(List<Contender> contenders) throws Exception {
    for (Contender c : contenders) {
      log("warm-up " + c.name());
      // Every mode, so that the blocking and the asynchronous paths are compiled before the rounds.
      c.latency(Math.max(1_000, options.latencyCalls() / 4));
      for (Shape s : SHAPES) {
        c.throughput(s.callers(), s.inFlight(), options.warmup().dividedBy(SHAPES.size()));
      }
    }
    Map<String, List<Latency.Result>> latency = new LinkedHashMap<>();
    Map<String, Map<String, List<Throughput.Result>>> throughput = new LinkedHashMap<>();
    for (int round = 1; round <= options.rounds(); round++) {
      log("round " + round + "/" + options.rounds() + " (load " + Load.now() + ")");
      for (Contender c : contenders) {
        Latency.Result l = c.latency(options.latencyCalls());
        latency.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(l);
        StringBuilder line = new StringBuilder(String.format("  %-13s p50 %4.0f µs  p99 %5.0f µs  max %6.0f µs",
            c.name(), l.p50Micros(), l.p99Micros(), l.maxMicros()));
        for (Shape s : SHAPES) {
          Throughput.Result t = c.throughput(s.callers(), s.inFlight(), options.measure());
          throughput.computeIfAbsent(c.name(), k -> new LinkedHashMap<>())
              .computeIfAbsent(s.label(), k -> new ArrayList<>()).add(t);
          line.append(String.format("  %s %,7.0f/s", s.label(), t.callsPerSecond()));
          if (t.failures() > 0) {
            line.append(" (").append(t.failures()).append(" failed: ").append(t.firstFailure()).append(')');
          }
        }
        log(line.toString());
      }
    }
    List<Summary> out = new ArrayList<>();
    for (Contender c : contenders) {
      out.add(new Summary(c.name(), latency.get(c.name()), throughput.get(c.name())));
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
