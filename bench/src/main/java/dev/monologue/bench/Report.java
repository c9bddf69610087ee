package dev.monologue.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.monologue.MonologueJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table printed at the end of a run, with the targets beside the measurements, and the same as JSON. */
final class Report {
  static final double P50_RATIO = 1.3;
  static final double THROUGHPUT_RATIO = 0.7;
  static final double GENERATED_RATIO = 1.1;
  static final double PROXY_RATIO = 1.25;
  static final int IDLE_CONNECTIONS = 10_000;
  static final long IDLE_HEAP_BYTES = 256L * 1024 * 1024;

  /** One target: what it asks, what was measured, and whether it was met. */
  record Target(String what, String measured, boolean met) {}

  private final Bench.Results results;
  private final List<Target> targets = new ArrayList<>();

  Report(Bench.Results results) {
    this.results = results;
    evaluate();
  }

  private void evaluate() {
    RoundTripBench.Summary raw = roundTrip("raw");
    if (raw != null) {
      for (RoundTripBench.Summary s : results.roundTrip) {
        if (s == raw) {
          continue;
        }
        double p50 = p50Ratio(s, raw);
        double tput = throughputRatio(s, raw);
        targets.add(new Target(s.name() + ": p50 within " + P50_RATIO + "x of raw",
            String.format("%.2fx (medians %.0f vs %.0f µs)", p50, s.p50Micros(), raw.p50Micros()),
            p50 <= P50_RATIO));
        targets.add(new Target(s.name() + ": throughput at least " + THROUGHPUT_RATIO + "x of raw",
            String.format("%.2fx (medians %,.0f vs %,.0f calls/s)", tput, s.callsPerSecond(),
                raw.callsPerSecond()),
            tput >= THROUGHPUT_RATIO));
      }
    }
    JmhRunner.Score hand = score("handWritten");
    JmhRunner.Score generated = score("generated");
    JmhRunner.Score proxy = score("proxy");
    if (hand != null && generated != null) {
      double r = generated.nanos() / hand.nanos();
      targets.add(new Target("generated stub within " + GENERATED_RATIO + "x of hand-written Jackson (JMH)",
          String.format("%.2fx (%.0f vs %.0f ns)", r, generated.nanos(), hand.nanos()), r <= GENERATED_RATIO));
    }
    if (generated != null && proxy != null) {
      double r = proxy.nanos() / generated.nanos();
      targets.add(new Target("proxy within " + PROXY_RATIO + "x of generated (JMH)",
          String.format("%.2fx (%.0f vs %.0f ns)", r, proxy.nanos(), generated.nanos()), r <= PROXY_RATIO));
    }
    RoundTripBench.Summary typed = roundTrip("typed");
    RoundTripBench.Summary typedProxy = roundTrip("proxy");
    if (typed != null && typedProxy != null) {
      double r = p50Ratio(typedProxy, typed);
      targets.add(new Target("proxy within " + PROXY_RATIO + "x of generated (round-trip p50)",
          String.format("%.2fx (%.0f vs %.0f µs)", r, typedProxy.p50Micros(), typed.p50Micros()), r <= PROXY_RATIO));
    }
    MemoryBench.Result m = results.memory;
    if (m != null && m.connections() > 0) {
      double heap = m.connections() >= IDLE_CONNECTIONS ? m.loadedBytes() : m.projectedBytes(IDLE_CONNECTIONS);
      String how = m.connections() >= IDLE_CONNECTIONS ? "measured" : "projected from " + m.connections();
      targets.add(new Target(String.format("%,d idle connections in under 256 MB of relay heap", IDLE_CONNECTIONS),
          MemoryBench.mb(heap) + " " + how, heap < IDLE_HEAP_BYTES));
    }
  }

  void print(PrintStream out) {
    out.println();
    if (results.roundTrip != null) {
      RoundTripBench.Summary raw = roundTrip("raw");
      out.printf("Echo round trip through an embedded LocalRelay on loopback: median of %d interleaved rounds of %.1f s;"
          + " latency with 1 call in flight, throughput with %d%n", results.options.rounds(),
          results.options.measure().toMillis() / 1000.0, results.options.inFlight());
      out.println("(x raw: the median over the rounds of each round's ratio to raw, measured seconds apart)");
      out.printf("%-14s %9s %9s %10s %12s %10s %9s%n", "contender", "p50 µs", "p99 µs", "p50 x raw", "calls/s",
          "x raw", "failures");
      for (RoundTripBench.Summary s : results.roundTrip) {
        out.printf("%-14s %9.0f %9.0f %10s %,12.0f %10s %9d%n", s.name(), s.p50Micros(), s.p99Micros(),
            raw == null ? "-" : String.format("%.2f", p50Ratio(s, raw)), s.callsPerSecond(),
            raw == null ? "-" : String.format("%.2f", throughputRatio(s, raw)), s.failures());
      }
      out.println("For reference, from the issue, on this kind of machine: a Socket.IO relay answers an echo in 70-140 µs"
          + " at the median and carries ~45k calls/s at 64 in flight; a bare Java-WebSocket relay with a Jackson"
          + " envelope ~68k/s.");
      out.println();
    }
    if (results.codec != null) {
      JmhRunner.Score hand = score("handWritten");
      out.println("Encoding + decoding one greet(Person) call in one thread (JMH; median of the measured iterations of"
          + " all rounds)");
      out.printf("%-14s %10s %18s %14s%n", "path", "ns/call", "p25-p75 ns", "x hand-written");
      for (JmhRunner.Score s : results.codec) {
        out.printf("%-14s %10.0f %18s %14s%n", s.name(), s.nanos(), String.format("%.0f-%.0f", s.p25(), s.p75()),
            hand == null ? "-" : String.format("%.2f", s.nanos() / hand.nanos()));
      }
      out.println();
    }
    MemoryBench.Result m = results.memory;
    if (m != null) {
      out.println("Relay heap with idle connections (relay in a child JVM, heap used after full GC)");
      out.printf("%-12s %12s %18s %16s %22s%n", "connections", "no clients", "with connections", "per connection",
          "10,000 (from this run)");
      out.printf("%,-12d %12s %18s %13.0f B %22s%n", m.connections(), MemoryBench.mb(m.baselineBytes()),
          MemoryBench.mb(m.loadedBytes()), m.bytesPerConnection(),
          MemoryBench.mb(m.projectedBytes(IDLE_CONNECTIONS)));
      out.printf("(ulimit -n %d; %,d connections opened in %.1f s)%n", m.fileLimit(), m.connections(),
          m.openSeconds());
      if (m.note() != null) {
        out.println("Note: " + m.note());
      }
      out.println();
    }
    out.println("Targets");
    for (Target t : targets) {
      out.printf("  [%s] %-58s %s%n", t.met() ? "met   " : "MISSED", t.what(), t.measured());
    }
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("time", Instant.now().toString());
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    json.put("options", results.options);
    json.put("roundTrip", results.roundTrip);
    json.put("codec", results.codec);
    json.put("memory", results.memory);
    json.put("targets", targets);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ObjectMapper mapper = MonologueJson.newMapper().enable(SerializationFeature.INDENT_OUTPUT);
    mapper.writeValue(file.toFile(), json);
  }

  /**
   * The median over the rounds of {@code s}'s p50 over {@code base}'s in the same round: neighbours in time share
   * the machine's load, so a per-round ratio is steadier than a ratio of medians.
   */
  static double p50Ratio(RoundTripBench.Summary s, RoundTripBench.Summary base) {
    double[] r = new double[s.latencyRounds().size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = s.latencyRounds().get(i).p50Micros() / base.latencyRounds().get(i).p50Micros();
    }
    return RoundTripBench.median(r);
  }

  /** As {@link #p50Ratio}, for throughput. */
  static double throughputRatio(RoundTripBench.Summary s, RoundTripBench.Summary base) {
    double[] r = new double[s.throughputRounds().size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = s.throughputRounds().get(i).callsPerSecond() / base.throughputRounds().get(i).callsPerSecond();
    }
    return RoundTripBench.median(r);
  }

  private RoundTripBench.Summary roundTrip(String name) {
    if (results.roundTrip == null) {
      return null;
    }
    return results.roundTrip.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  private JmhRunner.Score score(String name) {
    if (results.codec == null) {
      return null;
    }
    return results.codec.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }
}
