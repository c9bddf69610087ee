package dev.monologue.e2e.load;

import dev.monologue.relay.RelayBackend;
import dev.monologue.relay.RelayConnections;
import dev.monologue.relay.core.Router;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A faulty relay for testing the load test: routes like the real one, but every {@code period}-th frame of a kind
 * is dropped or delivered twice, and each such fault is counted.
 */
final class FaultyBackend implements RelayBackend {
  private enum Fault {
    DROP,
    DUPLICATE
  }

  private final Router router;
  private final Fault fault;
  private final Predicate<String> affected;
  private final long period;
  private final AtomicLong seen = new AtomicLong();
  private final AtomicLong faults;

  private FaultyBackend(
      RelayConnections connections, Fault fault, Predicate<String> affected, long period, AtomicLong faults) {
    this.router = new Router(connections, 128 * 1024);
    this.fault = fault;
    this.affected = affected;
    this.period = period;
    this.faults = faults;
  }

  /**
   * Silently drops every {@code period}-th {@code sendmessage} frame (requests, replies and probes alike), as a lossy
   * relay would.
   */
  static FaultyBackend dropping(RelayConnections connections, long period, AtomicLong dropped) {
    return new FaultyBackend(connections, Fault.DROP, frame -> frame.contains("\"sendmessage\""), period, dropped);
  }

  /**
   * Delivers every {@code period}-th request ({@code sendmessage} of a REQ payload) twice, as a relay that retries a
   * delivery it wrongly took for failed would. The caller sees one reply (the second answers a call already ended);
   * only the callee ran twice.
   */
  static FaultyBackend duplicating(RelayConnections connections, long period, AtomicLong duplicated) {
    return new FaultyBackend(
        connections,
        Fault.DUPLICATE,
        frame -> frame.contains("\"sendmessage\"") && frame.contains("\"type\":\"REQ\""),
        period,
        duplicated);
  }

  @Override
  public void onConnect(String id, Map<String, String> headers) {}

  @Override
  public void onText(String id, String frame) {
    boolean faulty = affected.test(frame) && seen.incrementAndGet() % period == 0;
    if (faulty) {
      faults.incrementAndGet();
    }
    if (faulty && fault == Fault.DROP) {
      return;
    }
    router.onText(id, frame);
    if (faulty && fault == Fault.DUPLICATE) {
      router.onText(id, frame);
    }
  }

  @Override
  public void onDisconnect(String id) {
    router.onDisconnect(id);
  }
}
