package dev.monologue.bench;

import java.time.Duration;
import java.util.List;

/**
 * The NATS contender: a {@code nats-server} in a process of its own, the callee in a JVM of its own, the callers in
 * this JVM (jnats), all on loopback like the other contenders.
 */
final class NatsPeer implements Contender {
  private static final Duration START_BOUND = Duration.ofSeconds(30);

  private final StartedParts parts;
  private final JvmContender callers;

  private NatsPeer(StartedParts parts, JvmContender callers) {
    this.parts = parts;
    this.callers = callers;
  }

  static NatsPeer start(List<String> jvmOptions, int connections) throws Exception {
    StartedParts parts = new StartedParts();
    try {
      NatsServer server = parts.add(NatsServer.start(START_BOUND));
      ChildProcess callee =
          parts.add(ChildProcess.java("nats callee", jvmOptions, NatsCalleeProcess.class, server.url()));
      callee.expect("callee", START_BOUND);
      JvmContender callers =
          parts.add(new JvmContender("nats", () -> new NatsCaller(server.url()), connections));
      return new NatsPeer(parts, callers);
    } catch (Exception | Error e) {
      parts.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public Latency.Result latency(int calls) throws Exception {
    return callers.latency(calls);
  }

  @Override
  public Throughput.Result throughput(int callers, int inFlight, Duration window) throws Exception {
    return this.callers.throughput(callers, inFlight, window);
  }

  @Override
  public void close() {
    parts.close();
  }
}
