package dev.monologue.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.standin.Dynalite;
import dev.monologue.standin.Usage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a call costs on AWS, counted on the stand-in in the units AWS bills ({@link AwsStandIn#usage()}: Lambda
 * invocations and milliseconds, API Gateway messages per 32 KB, DynamoDB request units, connection minutes) and
 * multiplied by {@link AwsPrices}: a call by connection ID, a call by name, a {@code callAll} to 10 members, and one
 * idle machine for a month (a keep-alive every {@link MonologueOptions#DEFAULT_KEEP_ALIVE_INTERVAL}, a new connection
 * every {@link MonologueOptions#DEFAULT_MAX_CONNECTION_AGE}). Real clients, the real Lambda handler, names in
 * dynalite. Lambda's duration is what the handler took here, at template.yaml's {@code MemorySize}: on AWS each post
 * to {@code @connections} crosses a network, so expect more milliseconds there; every other count is AWS's own.
 */
final class AwsBillingBench {
  /** Members of the group {@code callAll} calls. */
  static final int GROUP_SIZE = 10;
  /** A month as AWS prices it: 30 days. */
  static final Duration MONTH = Duration.ofDays(30);
  /** How long the stand-in's counts must stay unchanged to say its invocations are done. */
  private static final Duration QUIET = Duration.ofMillis(500);
  private static final Duration SETTLE_BOUND = Duration.ofSeconds(30);
  /** The keep-alive interval while measuring one keep-alive: long beside one exchange, short beside the bench. */
  private static final Duration MEASURED_KEEP_ALIVE = Duration.ofSeconds(3);

  /**
   * One unit of work in AWS's billing units: per call, or per machine-month for the idle machine.
   *
   * @param gbSeconds Lambda duration at the function's memory size
   * @param messages API Gateway messages, in and out, per 32 KB
   */
  record Row(String what, String per, double invocations, double gbSeconds, double messages, double readUnits,
      double writeUnits, double connectionMinutes) {
    /** What one unit costs at {@link AwsPrices}. */
    double dollars() {
      return invocations * AwsPrices.LAMBDA_REQUEST + gbSeconds * AwsPrices.LAMBDA_GB_SECOND
          + messages * AwsPrices.WEBSOCKET_MESSAGE + readUnits * AwsPrices.DYNAMODB_READ_UNIT
          + writeUnits * AwsPrices.DYNAMODB_WRITE_UNIT + connectionMinutes * AwsPrices.CONNECTION_MINUTE;
    }

    Row times(double n, String what, String per) {
      return new Row(what, per, invocations * n, gbSeconds * n, messages * n, readUnits * n, writeUnits * n,
          connectionMinutes * n);
    }

    Row plus(Row o, String what, String per) {
      return new Row(what, per, invocations + o.invocations, gbSeconds + o.gbSeconds, messages + o.messages,
          readUnits + o.readUnits, writeUnits + o.writeUnits, connectionMinutes + o.connectionMinutes);
    }

    static Row of(String what, String per, Usage u, double memoryGb) {
      return new Row(what, per, u.invocations(), u.billedMillis() / 1000.0 * memoryGb, u.messages(), u.readUnits(),
          u.writeUnits(), u.connectionMillis() / 60_000.0);
    }
  }

  /** The rows, and the memory size their GB-seconds are at. */
  record Result(int memoryMb, List<Row> rows) {}

  private final BenchOptions options;

  AwsBillingBench(BenchOptions options) {
    this.options = options;
  }

  /** Null when Node is missing: dynalite, the names table, needs it. */
  Result run() throws Exception {
    if (!Dynalite.nodeOnPath()) {
      log("skipped: names live in dynalite, which needs Node.js (node and npm) on the PATH");
      return null;
    }
    int memoryMb = relayFunctionMemoryMb();
    double memoryGb = memoryMb / 1024.0;
    int calls = options.quick() ? 20 : 100;
    List<Row> rows = new ArrayList<>();
    try (Dynalite dynalite = Dynalite.start();
        AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint()).concurrency(8).start()) {
      MonologueOptions base = MonologueOptions.builder().endpoint(aws.endpoint()).sslContext(aws.tls().clientContext())
          .timeout(Bench.CALL_BOUND)
          .keepAliveInterval(Duration.ZERO).maxConnectionAge(Duration.ZERO).build();
      List<Monologue> machines = new ArrayList<>();
      try {
        Monologue caller = open(base, machines);
        Monologue callee = open(base.toBuilder().names("echo").build(), machines);
        callee.on("echo", args -> "pong");
        String calleeId = callee.id();
        rows.add(perCall(aws, memoryGb, "a call by ID", calls,
            () -> caller.call(calleeId, "echo", String.class, "ping")));
        rows.add(perCall(aws, memoryGb, "a call by name", calls,
            () -> caller.call("echo", "echo", String.class, "ping")));
        for (int i = 0; i < GROUP_SIZE; i++) {
          Monologue worker = open(base, machines);
          worker.on("load", args -> 1);
          worker.join("workers");
        }
        rows.add(perCall(aws, memoryGb, "callAll to " + GROUP_SIZE + " members", Math.max(5, calls / 5),
            () -> caller.callAll("workers", "load", Integer.class).thenApply(outcomes -> {
              if (outcomes.size() != GROUP_SIZE || !outcomes.stream().allMatch(o -> o.succeeded())) {
                throw new IllegalStateException("callAll answered " + outcomes);
              }
              return outcomes;
            })));
      } finally {
        machines.forEach(Monologue::close);
      }
      rows.addAll(idleMonth(aws, base, memoryGb, options.quick() ? 2 : 4));
    }
    return new Result(memoryMb, rows);
  }

  private static Monologue open(MonologueOptions options, List<Monologue> machines) {
    Monologue m = Monologue.create(options);
    machines.add(m);
    m.connect();
    return m;
  }

  /** The usage of {@code n} calls, one after another (after a few unmeasured), divided by {@code n}. */
  private static Row perCall(AwsStandIn aws, double memoryGb, String what, int n,
      Supplier<? extends CompletableFuture<?>> call) throws Exception {
    for (int i = 0; i < 3; i++) {
      call.get().get(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }
    Usage before = settle(aws);
    for (int i = 0; i < n; i++) {
      call.get().get(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }
    Row row = Row.of(what, "call", settle(aws).minus(before), memoryGb).times(1.0 / n, what, "call");
    log(String.format("%s: %.1f invocations, %.1f messages, %.2f read and %.2f write units per call", what,
        row.invocations(), row.messages(), row.readUnits(), row.writeUnits()));
    return row;
  }

  /**
   * One idle machine for a month: connected all month (connection minutes), a keep-alive every interval, and a
   * new connection every maximum connection age. A keep-alive and a connection's life are each measured once here,
   * with the client's own frames; a keep-alive that moves to a MOCK route shows up here as costing no invocation.
   */
  private static List<Row> idleMonth(AwsStandIn aws, MonologueOptions base, double memoryGb, int keepAlives)
      throws Exception {
    Usage before = settle(aws);
    try (Monologue m = Monologue.create(base)) {
      m.connect();
    }
    Row connection = Row.of("a connection's life", "connection", settle(aws).minus(before), memoryGb);
    connection = new Row(connection.what(), connection.per(), connection.invocations(), connection.gbSeconds(),
        connection.messages(), connection.readUnits(), connection.writeUnits(), 0); // minutes: counted by the month

    Row keepAlive;
    try (Monologue idle = Monologue.create(base.toBuilder().keepAliveInterval(MEASURED_KEEP_ALIVE).build())) {
      idle.connect();
      Usage start = settle(aws);
      long deadline = System.nanoTime() + MEASURED_KEEP_ALIVE.multipliedBy(keepAlives + 3).toNanos();
      while (aws.usage().inboundMessages() < start.inboundMessages() + keepAlives) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no " + keepAlives + " keep-alives within "
              + MEASURED_KEEP_ALIVE.multipliedBy(keepAlives + 3));
        }
        Thread.sleep(100); // a bench polling a counter, bounded by the deadline
      }
      Usage used = settle(aws).minus(start);
      keepAlive = Row.of("a keep-alive", "keep-alive", used, memoryGb)
          .times(1.0 / used.inboundMessages(), "a keep-alive", "keep-alive");
    }

    double minutes = MONTH.toMinutes();
    double keepAlivesPerMonth = minutes / MonologueOptions.DEFAULT_KEEP_ALIVE_INTERVAL.toMinutes();
    double connectionsPerMonth = minutes / MonologueOptions.DEFAULT_MAX_CONNECTION_AGE.toMinutes();
    Row connected = new Row("connected", "month", 0, 0, 0, 0, 0, minutes);
    Row month = connected
        .plus(keepAlive.times(keepAlivesPerMonth, "", ""), "", "")
        .plus(connection.times(connectionsPerMonth, "", ""), "an idle machine for a month", "machine-month");
    log(String.format("a keep-alive: %.1f invocations, %.1f messages; a connection's life: %.1f invocations,"
        + " %.1f messages, %.2f read and %.2f write units", keepAlive.invocations(), keepAlive.messages(),
        connection.invocations(), connection.messages(), connection.readUnits(), connection.writeUnits()));
    return List.of(keepAlive, connection, month);
  }

  /** The stand-in's usage once it stopped changing for {@link #QUIET}: every invocation begun has ended. */
  private static Usage settle(AwsStandIn aws) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_BOUND.toNanos();
    Usage last = aws.usage();
    while (true) {
      Thread.sleep(QUIET.toMillis()); // a bench waiting for quiet, bounded by SETTLE_BOUND
      Usage now = aws.usage();
      if (now.equals(last)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the stand-in's counts still changed after " + SETTLE_BOUND);
      }
      last = now;
    }
  }

  /** template.yaml's {@code MemorySize} of the relay function: what its GB-seconds are billed at. */
  static int relayFunctionMemoryMb() throws IOException {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path template = d.resolve("template.yaml");
      if (Files.isRegularFile(template)) {
        JsonNode memory = new ObjectMapper(new YAMLFactory()).readTree(template.toFile())
            .path("Resources").path("RelayFunction").path("Properties").path("MemorySize");
        if (!memory.canConvertToInt()) {
          throw new IllegalStateException(template + " has no RelayFunction MemorySize");
        }
        return memory.asInt();
      }
    }
    throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
  }

  /** The table README's AWS section shows. */
  static void print(PrintStream out, Result result) {
    out.printf("AWS cost, %s list prices of %s (bench/.../AwsPrices.java), Lambda at %d MB on x86_64, counted on the"
        + " stand-in%n", AwsPrices.REGION, AwsPrices.AS_OF, result.memoryMb());
    out.printf("| %-32s | %10s | %8s | %10s | %9s | %9s | %8s | %8s |%n", "", "Lambda", "GB-s", "messages",
        "DDB reads", "DDB writes", "conn-min", "USD");
    out.printf("|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s:|%n", "-".repeat(34), "-".repeat(11), "-".repeat(9), "-".repeat(11),
        "-".repeat(10), "-".repeat(10), "-".repeat(9), "-".repeat(9));
    for (Row r : result.rows()) {
      // one machine-month as it is; calls, keep-alives and connections a million at a time
      boolean million = !r.per().equals("machine-month");
      double n = million ? 1e6 : 1;
      out.printf("| %-32s | %10s | %8s | %10s | %9s | %9s | %8s | %8s |%n",
          (million ? "1M x " : "") + r.what(), num(r.invocations() * n), num(r.gbSeconds() * n),
          num(r.messages() * n), num(r.readUnits() * n), num(r.writeUnits() * n), num(r.connectionMinutes() * n),
          String.format(r.dollars() * n < 1 ? "$%.4f" : "$%.2f", r.dollars() * n));
    }
  }

  private static String num(double v) {
    if (v == 0) {
      return "0";
    }
    return v >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
  }

  private static void log(String s) {
    System.out.println("[cost] " + s);
  }
}
