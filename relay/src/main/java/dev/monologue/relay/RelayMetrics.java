package dev.monologue.relay;

import dev.monologue.relay.core.InMemoryNameRegistry;
import dev.monologue.wire.ErrorCode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Binds a relay's {@link RelayCounters} and state to Micrometer: every meter is a function read when a registry is
 * scraped, so the routing path only bumps its counters and pays nothing for Micrometer, scraped or not. The names
 * are Prometheus's once the registry renders them ({@code monologue_relay_messages_received_total}, ...).
 */
final class RelayMetrics {
  static final String PREFIX = "monologue.relay.";

  private RelayMetrics() {}

  static void bind(LocalRelay relay, MeterRegistry registry) {
    RelayCounters c = relay.counters();
    Gauge.builder(PREFIX + "connections", relay, LocalRelay::connectionCount)
        .description("Open client connections").register(registry);
    Gauge.builder(PREFIX + "pending.handshakes", relay, LocalRelay::pendingHandshakeCount)
        .description("Accepted sockets that have not finished the WebSocket handshake").register(registry);
    counter(registry, "connections.opened", "Client connections opened", c, x -> x.opened.sum());
    for (RelayCounters.Refusal reason : RelayCounters.Refusal.values()) {
      FunctionCounter.builder(PREFIX + "handshakes.refused", c, x -> x.refusals(reason))
          .tag("reason", reason.label()).description("WebSocket handshakes refused, by reason").register(registry);
    }
    counter(registry, "messages.received", "Messages received from clients", c, x -> x.messagesIn.sum());
    counter(registry, "messages.sent", "Messages delivered to clients", c, x -> x.messagesOut.sum());
    counter(registry, "messages.dropped", "Messages not delivered: target gone, overloaded, or too large", c,
        x -> x.dropped.sum());
    counter(registry, "messages.throttled", "Messages refused over a connection's rate limit", c,
        x -> x.throttled.sum());
    // Summed from the open connections and the closed ones: a scrape while one moves from the first to the second
    // could see a dip, which Prometheus would take for a restart; the counters never go below what was shown.
    AtomicLong shownIn = new AtomicLong();
    AtomicLong shownOut = new AtomicLong();
    FunctionCounter.builder(PREFIX + "received", relay, r -> shownIn.accumulateAndGet(
            r.counters().closedBytesIn.sum() + r.openBytes()[0], Math::max))
        .baseUnit("bytes").description("Bytes read from client sockets").register(registry);
    FunctionCounter.builder(PREFIX + "sent", relay, r -> shownOut.accumulateAndGet(
            r.counters().closedBytesOut.sum() + r.openBytes()[1], Math::max))
        .baseUnit("bytes").description("Bytes written to client sockets").register(registry);
    Gauge.builder(PREFIX + "queued", relay, r -> r.openBytes()[2]).baseUnit("bytes")
        .description("Bytes waiting unsent to client connections").register(registry);
    for (ErrorCode code : ErrorCode.values()) {
      if (code.source() == ErrorCode.Source.RELAY) {
        FunctionCounter.builder(PREFIX + "errors", c, x -> x.errors(code)).tag("code", code.wire())
            .description("Relay error frames sent to clients, by code").register(registry);
      }
    }
    Gauge.builder(PREFIX + "names", relay, r -> count(r, InMemoryNameRegistry::nameCount))
        .description("Names held").register(registry);
    Gauge.builder(PREFIX + "groups", relay, r -> count(r, InMemoryNameRegistry::groupCount))
        .description("Groups with members").register(registry);
  }

  private static void counter(MeterRegistry registry, String name, String description, RelayCounters c,
      ToDoubleFunction<RelayCounters> f) {
    FunctionCounter.builder(PREFIX + name, c, f).description(description).register(registry);
  }

  /** NaN (no sample) with a backend of the user's, which keeps its names elsewhere. */
  private static double count(LocalRelay relay, ToDoubleFunction<InMemoryNameRegistry> f) {
    InMemoryNameRegistry registry = relay.registry();
    return registry == null ? Double.NaN : f.applyAsDouble(registry);
  }
}
