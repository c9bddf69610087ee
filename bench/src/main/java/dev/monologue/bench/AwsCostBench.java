package dev.monologue.bench;

import dev.monologue.standin.AwsStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The AWS path's cost per message, against the API Gateway stand-in: the relay's Lambda handler routing a
 * {@code sendmessage}, and the SDK's {@code postToConnection} alone through each of its HTTP clients, each in a fresh
 * JVM ({@link AwsCostProcess}), in interleaved rounds. Our code's share is the handler's time less its SDK call's
 * (url-connection, the handler's client).
 */
final class AwsCostBench {
  static final List<String> SUBJECTS = List.of("handler", "url-connection", "apache", "crt");
  private static final Duration CHILD_BOUND = Duration.ofMinutes(3);

  /** Medians over the rounds, in milliseconds for first calls and microseconds for the rest. */
  record Result(String what, double firstMillis, double newClientMillis, double p50Micros, double p99Micros,
      double cpuMicros, int rounds) {}

  private final BenchOptions options;

  AwsCostBench(BenchOptions options) {
    this.options = options;
  }

  List<Result> run() throws Exception {
    int calls = options.quick() ? 500 : 2_000;
    int rounds = Math.min(3, options.rounds());
    AtomicLong delivered = new AtomicLong();
    Map<String, List<double[]>> measured = new LinkedHashMap<>();
    try (AwsStandIn standIn = AwsStandIn.builder().start()) {
      BarePeer peer = new BarePeer(standIn.endpoint(), frame -> delivered.incrementAndGet());
      peer.setSocketFactory(standIn.tls().clientContext().getSocketFactory()); // the stand-in serves wss:// only
      try {
        String id = peer.open();
        log("stand-in at " + standIn.endpoint() + ", posting to " + id + ", " + calls + " messages per JVM");
        for (int round = 1; round <= rounds; round++) {
          StringBuilder line = new StringBuilder("round " + round + "/" + rounds + " (load " + Load.now() + "):");
          for (String what : SUBJECTS) {
            try (ChildProcess child = ChildProcess.java("aws " + what, List.of(), AwsCostProcess.class,
                standIn.managementEndpoint().toString(), id, what, String.valueOf(calls))) {
              String[] a = child.expect("aws", CHILD_BOUND);
              double[] v = new double[5];
              for (int i = 0; i < 5; i++) {
                v[i] = Double.parseDouble(a[i + 2]);
              }
              measured.computeIfAbsent(what, k -> new ArrayList<>()).add(v);
              line.append(String.format("  %s %.0f µs", what, v[2]));
            }
          }
          log(line.toString());
        }
      } finally {
        peer.close();
      }
    }
    List<Result> out = new ArrayList<>();
    for (Map.Entry<String, List<double[]>> e : measured.entrySet()) {
      List<double[]> rs = e.getValue();
      out.add(new Result(e.getKey(), median(rs, 0), median(rs, 1), median(rs, 2), median(rs, 3), median(rs, 4),
          rs.size()));
    }
    log(delivered.get() + " messages delivered to the stand-in's connection");
    return out;
  }

  private static double median(List<double[]> rounds, int field) {
    return RoundTripBench.median(rounds.stream().mapToDouble(r -> r[field]).toArray());
  }

  private static void log(String s) {
    System.out.println("[aws] " + s);
  }
}
