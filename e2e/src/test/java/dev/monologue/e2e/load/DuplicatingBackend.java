package dev.monologue.e2e.load;

import dev.monologue.relay.RelayBackend;
import dev.monologue.relay.RelayConnections;
import dev.monologue.relay.core.Router;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A faulty relay for testing the load test: routes like the real one, but delivers every {@code period}-th request
 * ({@code sendmessage} of a REQ payload) twice, as a relay that retries a delivery it wrongly took for failed
 * would. The caller sees one reply (the second is an answer to a call already ended); only the callee ran twice.
 */
final class DuplicatingBackend implements RelayBackend {
  private final Router router;
  private final long period;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong duplicated;

  DuplicatingBackend(RelayConnections connections, long period, AtomicLong duplicated) {
    this.router = new Router(connections, 128 * 1024);
    this.period = period;
    this.duplicated = duplicated;
  }

  @Override
  public void onConnect(String id, Map<String, String> headers) {}

  @Override
  public void onText(String id, String frame) {
    router.onText(id, frame);
    if (frame.contains("\"sendmessage\"") && frame.contains("\"type\":\"REQ\"")
        && requests.incrementAndGet() % period == 0) {
      duplicated.incrementAndGet();
      router.onText(id, frame);
    }
  }

  @Override
  public void onDisconnect(String id) {
    router.onDisconnect(id);
  }
}
