package dev.monologue.relay;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The front's open connections by ID, and what they read, wrote and hold, summed for a scrape. */
final class OpenConnections {
  private final Map<String, ClientConnection> byId = new ConcurrentHashMap<>();

  /** The open connection with this ID, or null. */
  ClientConnection get(String id) {
    return byId.get(id);
  }

  void add(ClientConnection c) {
    byId.put(c.id, c);
  }

  /** Removes {@code c}, and not a later connection that took its ID. */
  void remove(ClientConnection c) {
    byId.remove(c.id, c);
  }

  int size() {
    return byId.size();
  }

  /** A live view of the open connections. */
  Collection<ClientConnection> all() {
    return byId.values();
  }

  /** What the open connections read and wrote, and hold queued, summed now: O(connections), for a scrape. */
  long[] bytes() {
    long in = 0;
    long out = 0;
    long queued = 0;
    for (ClientConnection c : byId.values()) {
      in += c.readBytes();
      out += c.writtenBytes();
      queued += c.queuedBytes();
    }
    return new long[] {in, out, queued};
  }

  /** The open connections' IDs and when each opened ({@link System#nanoTime}), for the status page. */
  Map<String, Long> openedAt() {
    Map<String, Long> out = new HashMap<>();
    for (ClientConnection c : byId.values()) {
      out.put(c.id, c.openedAt);
    }
    return out;
  }
}
