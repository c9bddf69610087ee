package dev.monologue.e2e.load;

import dev.monologue.relay.RelayBackend;
import dev.monologue.relay.RelayConnections;
import dev.monologue.relay.core.Router;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A faulty relay for testing the load test: routes like the real one, but silently drops every
 * {@code period}-th {@code sendmessage} frame (requests, replies and probes alike), as a lossy relay would.
 */
final class DroppingBackend implements RelayBackend {
  private final Router router;
  private final long period;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong dropped;

  DroppingBackend(RelayConnections connections, long period, AtomicLong dropped) {
    this.router = new Router(connections, 128 * 1024);
    this.period = period;
    this.dropped = dropped;
  }

  @Override
  public void onConnect(String id, Map<String, String> headers) {}

  @Override
  public void onText(String id, String frame) {
    if (frame.contains("\"sendmessage\"") && messages.incrementAndGet() % period == 0) {
      dropped.incrementAndGet();
      return;
    }
    router.onText(id, frame);
  }

  @Override
  public void onDisconnect(String id) {}
}
