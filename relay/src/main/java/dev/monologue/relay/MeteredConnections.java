package dev.monologue.relay;

import dev.monologue.relay.core.Delivery;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.RelayFrames;
import java.time.Duration;

/**
 * The front's connections as a backend sends through them, counting each frame sent, each one not delivered, and
 * each relay error frame by its code ({@link RelayCounters}). Counting allocates nothing.
 */
final class MeteredConnections implements RelayConnections {
  private final RelayConnections connections;
  private final RelayCounters counters;

  MeteredConnections(RelayConnections connections, RelayCounters counters) {
    this.connections = connections;
    this.counters = counters;
  }

  @Override
  public Delivery send(String id, String frame) {
    Delivery d = connections.send(id, frame);
    if (d == Delivery.DELIVERED) {
      counters.messagesOut.increment();
    } else {
      counters.dropped.increment();
    }
    ErrorCode code = RelayFrames.errorCodeOf(id, frame);
    if (code != null) {
      counters.error(code);
    }
    return d;
  }

  @Override
  public boolean isOpen(String id) {
    return connections.isOpen(id);
  }

  @Override
  public boolean close(String id) {
    return connections.close(id);
  }

  @Override
  public Duration silence(String id) {
    return connections.silence(id);
  }

  @Override
  public boolean isConnected(String id) {
    return connections.isConnected(id);
  }
}
