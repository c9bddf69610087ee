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
  static final double NATS_THROUGHPUT = 1.0;
  static final double NATS_P50 = 1.0;
  static final double NATS_MAX = 1.0;
  static final double SOCKET_IO_THROUGHPUT = 1.5;
  static final double BARE_THROUGHPUT = 0.85;
  static final double SOCKET_IO_P50 = 1.0;
  static final double BARE_P50 = 1.15;
  static final double P99_OVER_P50 = 2.0;
  static final double SOCKET_IO_MAX = 2.0;
  static final double SIBLING_RATIO = 1.1;
  static final double GENERATED_RATIO = 1.1;
  static final double PROXY_RATIO = 1.25;
  static final int IDLE_CONNECTIONS = 50_000;
  static final long IDLE_HEAP_BYTES = 512L * 1024 * 1024;
  static final int PENDING_CALLS = 10_000;
  static final long PENDING_HEAP_BYTES = 64L * 1024 * 1024;

  /** One target: what it asks, what was measured, and whether it was met. */
  record Target(String what, String measured, boolean met) {}

  private final Bench.Results results;
  private final List<Target> targets = new ArrayList<>();

  Report(Bench.Results results) {
    this.results = results;
    evaluate();
  }

  private void evaluate() {
    RoundTripBench.Summary sio = roundTrip("socket.io");
    RoundTripBench.Summary bare = roundTrip("bare");
    RoundTripBench.Summary typed = roundTrip("typed");
    RoundTripBench.Summary nats = roundTrip("nats");
    if (typed != null && nats != null) {
      for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
        double r = throughputRatio(typed, nats, shape);
        targets.add(new Target("typed " + shape.label() + ": throughput at least " + NATS_THROUGHPUT + "x nats's",
            String.format("%.2fx (medians %,.0f vs %,.0f calls/s)", r, typed.callsPerSecond(shape),
                nats.callsPerSecond(shape)), r >= NATS_THROUGHPUT));
      }
      double p50 = latencyRatio(typed, nats, Latency.Result::p50Micros);
      targets.add(new Target("typed: p50 no worse than nats's", String.format("%.2fx (medians %.0f vs %.0f µs)", p50,
          typed.p50Micros(), nats.p50Micros()), p50 <= NATS_P50));
      double max = latencyRatio(typed, nats, Latency.Result::maxMicros);
      targets.add(new Target(String.format("typed: max of %,d calls no worse than nats's",
          results.options.latencyCalls()), String.format("%.2fx (medians %.0f vs %.0f µs)", max, typed.maxMicros(),
              nats.maxMicros()), max <= NATS_MAX));
    }
    if (typed != null) {
      for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
        if (sio != null) {
          double r = throughputRatio(typed, sio, shape);
          targets.add(new Target("typed " + shape.label() + ": throughput at least " + SOCKET_IO_THROUGHPUT
              + "x socket.io's", String.format("%.2fx (medians %,.0f vs %,.0f calls/s)", r,
                  typed.callsPerSecond(shape), sio.callsPerSecond(shape)), r >= SOCKET_IO_THROUGHPUT));
        }
        if (bare != null) {
          double r = throughputRatio(typed, bare, shape);
          targets.add(new Target("typed " + shape.label() + ": throughput at least " + BARE_THROUGHPUT
              + "x bare's", String.format("%.2fx (medians %,.0f vs %,.0f calls/s)", r,
                  typed.callsPerSecond(shape), bare.callsPerSecond(shape)), r >= BARE_THROUGHPUT));
        }
      }
      if (sio != null) {
        double r = latencyRatio(typed, sio, Latency.Result::p50Micros);
        targets.add(new Target("typed: p50 no worse than socket.io's", String.format("%.2fx (medians %.0f vs %.0f"
            + " µs)", r, typed.p50Micros(), sio.p50Micros()), r <= SOCKET_IO_P50));
      }
      if (bare != null) {
        double r = latencyRatio(typed, bare, Latency.Result::p50Micros);
        targets.add(new Target("typed: p50 within " + BARE_P50 + "x of bare's", String.format("%.2fx (medians"
            + " %.0f vs %.0f µs)", r, typed.p50Micros(), bare.p50Micros()), r <= BARE_P50));
      }
      double tail = RoundTripBench.median(typed.latencyRounds().stream()
          .mapToDouble(l -> l.p99Micros() / l.p50Micros()).toArray());
      targets.add(new Target("typed: p99 within " + P99_OVER_P50 + "x of its p50", String.format("%.2fx (medians"
          + " %.0f vs %.0f µs)", tail, typed.p99Micros(), typed.p50Micros()), tail <= P99_OVER_P50));
      if (sio != null) {
        double r = latencyRatio(typed, sio, Latency.Result::maxMicros);
        targets.add(new Target(String.format("typed: max of %,d calls within %.0fx of socket.io's",
            results.options.latencyCalls(), SOCKET_IO_MAX), String.format("%.2fx (medians %.0f vs %.0f µs)", r,
                typed.maxMicros(), sio.maxMicros()), r <= SOCKET_IO_MAX));
      }
      for (String sibling : List.of("string-named", "proxy")) {
        RoundTripBench.Summary s = roundTrip(sibling);
        if (s == null) {
          continue;
        }
        double p50 = latencyRatio(s, typed, Latency.Result::p50Micros);
        targets.add(new Target(sibling + ": p50 within " + SIBLING_RATIO + "x of typed's", String.format(
            "%.2fx (medians %.0f vs %.0f µs)", p50, s.p50Micros(), typed.p50Micros()), p50 <= SIBLING_RATIO));
        for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
          double r = throughputRatio(s, typed, shape);
          targets.add(new Target(sibling + " " + shape.label() + ": throughput within " + SIBLING_RATIO
              + "x of typed's", String.format("%.2fx (medians %,.0f vs %,.0f calls/s)", r,
                  s.callsPerSecond(shape), typed.callsPerSecond(shape)), r >= 1 / SIBLING_RATIO));
        }
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
    MemoryBench.Result m = results.memory;
    if (m != null && m.connections() > 0) {
      double heap = m.connections() >= IDLE_CONNECTIONS ? m.loadedBytes() : m.projectedBytes(IDLE_CONNECTIONS);
      String how = m.connections() >= IDLE_CONNECTIONS ? "measured" : "projected from " + m.connections();
      targets.add(new Target(String.format("%,d idle connections in under 512 MB of relay heap", IDLE_CONNECTIONS),
          MemoryBench.mb(heap) + " " + how, heap < IDLE_HEAP_BYTES));
    }
    if (m != null && m.pendingCalls() > 0) {
      double heap = m.pendingCallBytes() * (double) PENDING_CALLS / m.pendingCalls();
      targets.add(new Target(String.format("%,d pending calls in under 64 MB of the client's heap", PENDING_CALLS),
          MemoryBench.mb(heap) + (m.pendingCalls() == PENDING_CALLS ? " measured" : " projected"),
          heap < PENDING_HEAP_BYTES));
    }
  }

  void print(PrintStream out) {
    out.println();
    if (results.roundTrip != null) {
      RoundTripBench.Summary nats = roundTrip("nats");
      RoundTripBench.Summary sio = roundTrip("socket.io");
      RoundTripBench.Summary bare = roundTrip("bare");
      out.printf("Echo round trip, relay, callees and callers each in their own process on loopback: median of %d"
          + " interleaved rounds;%nlatency: %,d calls one at a time; throughput: %s, %.1f s windows%n",
          results.options.rounds(), results.options.latencyCalls(), shapes(), results.options.measure().toMillis()
              / 1000.0);
      out.printf("Load averages (1, 5, 15 min) at the start: %s; at the end: %s%n", results.loadBefore,
          results.loadAfter);
      StringBuilder head = new StringBuilder(String.format("%-13s %7s %7s %8s", "contender", "p50 µs", "p99 µs",
          "max µs"));
      for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
        head.append(String.format(" %10s", shape.label() + " /s"));
      }
      out.println(head.append(String.format(" %9s", "failures")));
      for (RoundTripBench.Summary s : results.roundTrip) {
        StringBuilder row = new StringBuilder(String.format("%-13s %7.0f %7.0f %8.0f", s.name(), s.p50Micros(),
            s.p99Micros(), s.maxMicros()));
        for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
          row.append(String.format(" %,10.0f", s.callsPerSecond(shape)));
        }
        out.println(row.append(String.format(" %9d", s.failures())));
      }
      out.println("Ratios (the median over the rounds of each round's ratio): to nats | to socket.io | to bare");
      StringBuilder ratioHead = new StringBuilder(String.format("%-13s %20s %20s", "contender", "p50", "max"));
      for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
        ratioHead.append(String.format(" %20s", shape.label()));
      }
      out.println(ratioHead);
      for (RoundTripBench.Summary s : results.roundTrip) {
        StringBuilder row = new StringBuilder(String.format("%-13s %20s %20s", s.name(),
            ratios(latencyRatio(s, nats, Latency.Result::p50Micros), latencyRatio(s, sio, Latency.Result::p50Micros),
                latencyRatio(s, bare, Latency.Result::p50Micros)),
            ratios(latencyRatio(s, nats, Latency.Result::maxMicros), latencyRatio(s, sio, Latency.Result::maxMicros),
                latencyRatio(s, bare, Latency.Result::maxMicros))));
        for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
          row.append(String.format(" %20s", ratios(throughputRatio(s, nats, shape), throughputRatio(s, sio, shape),
              throughputRatio(s, bare, shape))));
        }
        out.println(row);
      }
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
          "50,000 (from this run)");
      out.printf("%,-12d %12s %18s %13.0f B %22s%n", m.connections(), MemoryBench.mb(m.baselineBytes()),
          MemoryBench.mb(m.loadedBytes()), m.bytesPerConnection(),
          MemoryBench.mb(m.projectedBytes(IDLE_CONNECTIONS)));
      out.printf("(ulimit -n %d; %,d connections opened in %.1f s)%n", m.fileLimit(), m.connections(),
          m.openSeconds());
      if (m.pendingCalls() > 0) {
        out.printf("A client with %,d calls pending: %s of heap for them (%.0f B each; client in a child JVM,"
            + " heap used after full GC)%n", m.pendingCalls(), MemoryBench.mb(m.pendingCallBytes()),
            (double) m.pendingCallBytes() / m.pendingCalls());
      }
      if (m.note() != null) {
        out.println("Note: " + m.note());
      }
      out.println();
    }
    if (results.aws != null) {
      out.println("The AWS path per message, against the stand-in's @connections API (each line from fresh JVMs;"
          + " median of the rounds)");
      out.printf("%-16s %14s %14s %9s %9s %12s%n", "what", "first call ms", "new client ms", "p50 µs", "p99 µs",
          "CPU µs/msg");
      AwsCostBench.Result handler = null;
      AwsCostBench.Result url = null;
      for (AwsCostBench.Result r : results.aws) {
        out.printf("%-16s %14.1f %14.1f %9.0f %9.0f %12.0f%n", r.what(), r.firstMillis(), r.newClientMillis(),
            r.p50Micros(), r.p99Micros(), r.cpuMicros());
        if (r.what().equals("handler")) {
          handler = r;
        } else if (r.what().equals("url-connection")) {
          url = r;
        }
      }
      if (handler != null && url != null) {
        out.printf("Our code in the handler (the handler less its SDK client alone, url-connection): p50 %.0f µs of"
            + " %.0f µs, CPU %.0f µs of %.0f µs per message%n", handler.p50Micros() - url.p50Micros(),
            handler.p50Micros(), handler.cpuMicros() - url.cpuMicros(), handler.cpuMicros());
      }
      out.println();
    }
    if (results.cost != null) {
      AwsBillingBench.print(out, results.cost);
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
    json.put("loadBefore", results.loadBefore);
    json.put("loadAfter", results.loadAfter);
    json.put("roundTrip", results.roundTrip);
    json.put("cost", results.cost);
    json.put("codec", results.codec);
    json.put("memory", results.memory);
    json.put("aws", results.aws);
    json.put("targets", targets);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ObjectMapper mapper = MonologueJson.newMapper().enable(SerializationFeature.INDENT_OUTPUT);
    mapper.writeValue(file.toFile(), json);
  }

  /**
   * The median over the rounds of {@code s}'s latency figure over {@code base}'s in the same round: neighbours in
   * time share the machine's load, so a per-round ratio is steadier than a ratio of medians. NaN without a base.
   */
  static double latencyRatio(RoundTripBench.Summary s, RoundTripBench.Summary base,
      java.util.function.ToDoubleFunction<Latency.Result> figure) {
    if (base == null) {
      return Double.NaN;
    }
    double[] r = new double[s.latencyRounds().size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = figure.applyAsDouble(s.latencyRounds().get(i)) / figure.applyAsDouble(base.latencyRounds().get(i));
    }
    return RoundTripBench.median(r);
  }

  /** As {@link #latencyRatio}, for throughput in one shape. */
  static double throughputRatio(RoundTripBench.Summary s, RoundTripBench.Summary base, RoundTripBench.Shape shape) {
    if (base == null) {
      return Double.NaN;
    }
    List<Throughput.Result> mine = s.throughput().get(shape.label());
    List<Throughput.Result> theirs = base.throughput().get(shape.label());
    double[] r = new double[mine.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = mine.get(i).callsPerSecond() / theirs.get(i).callsPerSecond();
    }
    return RoundTripBench.median(r);
  }

  private static String ratios(double... r) {
    StringBuilder s = new StringBuilder();
    for (double x : r) {
      s.append(s.length() == 0 ? "" : " | ").append(Double.isNaN(x) ? "-" : String.format("%.2f", x));
    }
    return s.toString();
  }

  private static String shapes() {
    List<String> s = new ArrayList<>();
    for (RoundTripBench.Shape shape : RoundTripBench.SHAPES) {
      s.add(shape.callers() + " caller" + (shape.callers() == 1 ? "" : "s") + " x " + shape.inFlight()
          + " in flight");
    }
    return String.join(" and ", s);
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
