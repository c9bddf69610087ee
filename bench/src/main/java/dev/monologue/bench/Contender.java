package dev.monologue.bench;

import java.time.Duration;

/** One way of making echo calls through a relay, measured in the same rounds as the others. */
interface Contender extends AutoCloseable {
  String name();

  /** {@code calls} calls one after another from one connection. */
  Latency.Result latency(int calls) throws Exception;

  /** {@code callers} connections, each keeping {@code inFlight} calls in flight, for {@code window}. */
  Throughput.Result throughput(int callers, int inFlight, Duration window) throws Exception;

  @Override
  void close();
}
