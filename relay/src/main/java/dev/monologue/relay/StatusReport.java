package dev.monologue.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.monologue.relay.core.InMemoryNameRegistry;
import dev.monologue.relay.core.NameRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the status page shows, as JSON: the relay's totals, and the connected machines with their names and groups
 * (at most {@link #MAX_LISTED}, longest connected first). The page works out rates from two reports.
 */
final class StatusReport {
  /** The page lists this many connections at most; the count says how many there are. */
  static final int MAX_LISTED = 500;

  private final LocalRelay relay;
  private final JsonFactory json = new JsonFactory();
  private final long startedAt = System.nanoTime();

  StatusReport(LocalRelay relay) {
    this.relay = relay;
  }

  String json() {
    long now = System.nanoTime();
    RelayCounters c = relay.counters();
    Map<String, Long> opened = relay.openedAt();
    InMemoryNameRegistry registry = relay.registry();
    Map<String, NameRegistry.Held> held = registry == null ? Map.of() : registry.holdings();
    List<Map.Entry<String, Long>> listed = new ArrayList<>(opened.entrySet());
    listed.sort(Map.Entry.comparingByValue());
    StringWriter out = new StringWriter();
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("endpoint", relay.endpoint().toString());
      g.writeBooleanField("accepting", relay.isAccepting());
      g.writeNumberField("uptimeSeconds", TimeUnit.NANOSECONDS.toSeconds(now - startedAt));
      g.writeNumberField("timeMillis", System.currentTimeMillis());
      g.writeNumberField("connectionCount", opened.size());
      g.writeObjectFieldStart("totals");
      g.writeNumberField("messagesReceived", c.messagesIn.sum());
      g.writeNumberField("messagesSent", c.messagesOut.sum());
      g.writeNumberField("errors", c.errors());
      g.writeNumberField("dropped", c.dropped.sum());
      g.writeNumberField("throttled", c.throttled.sum());
      g.writeNumberField("connectionsOpened", c.opened.sum());
      g.writeEndObject();
      g.writeArrayFieldStart("connections");
      for (Map.Entry<String, Long> e : listed.subList(0, Math.min(MAX_LISTED, listed.size()))) {
        NameRegistry.Held h = held.get(e.getKey());
        g.writeStartObject();
        g.writeStringField("id", e.getKey());
        g.writeNumberField("connectedSeconds", TimeUnit.NANOSECONDS.toSeconds(now - e.getValue()));
        strings(g, "names", h == null ? List.of() : h.names());
        strings(g, "groups", h == null ? List.of() : h.groups());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
