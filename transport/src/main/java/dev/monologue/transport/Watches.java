package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.CallTimeoutException;
import dev.monologue.DiscoveryEvent.Change;
import dev.monologue.DiscoveryEvent;
import dev.monologue.DiscoveryListener;
import dev.monologue.NotConnectedException;
import dev.monologue.RelayRejectedException;
import dev.monologue.Watch;
import dev.monologue.wire.Action;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.Names;
import dev.monologue.wire.PayloadType;
import dev.monologue.wire.RelayEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names and groups this machine watches, and the relay's discovery events about them ({@code watch}, EVENT
 * frames: docs/protocol.md). One relay watch per topic, however many listeners; renewed on every new connection.
 * Each topic keeps who the relay said holds it (its members), so that the listeners hear changes only: an event the
 * relay sends twice (the state of a fresh watch and an event racing it, two connections during a renewal) is told
 * once, and after a reconnect the difference between the old and the new state is told as events.
 */
final class Watches {
  private static final Logger log = LoggerFactory.getLogger(Watches.class);

  private final RelayRequests requests;
  private final ConnectionEvents events;
  private final ObjectMapper mapper;
  private final Duration timeout;
  private final Supplier<RelayLink> ready;
  /** Told of a RELEASED event about a name, sent to the connection that held it, with that connection. */
  private final BiConsumer<RelayLink, String> released;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();
  /** Held while a topic's watch or its last unwatch is sent, so that the two go out in order. */
  private final Object order = new Object();

  /**
   * {@code ready}: the connection requests may go out on now, or null. {@code released}: told of each RELEASED
   * event about a name whose {@code id} is the connection it arrived on (a name it held was taken from it).
   */
  Watches(RelayRequests requests, ConnectionEvents events, ObjectMapper mapper, Duration timeout,
      Supplier<RelayLink> ready, BiConsumer<RelayLink, String> released) {
    this.requests = requests;
    this.events = events;
    this.mapper = mapper;
    this.timeout = timeout;
    this.ready = ready;
    this.released = released;
  }

  /** Watches {@code value} (a group when {@code group}) on {@code link}; blocks until the relay confirmed it. */
  Watch watch(RelayLink link, boolean group, String value, DiscoveryListener listener) {
    String problem = Names.problem(value, group ? Fields.GROUP : Fields.NAME);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (link == null) {
      throw new NotConnectedException("watch", value, "connect() before watching a " + (group ? Fields.GROUP : Fields.NAME));
    }
    Topic fresh = new Topic(group, value);
    CompletableFuture<DeliveredFrames.Incoming> sent;
    synchronized (order) { // a watch and the unwatch of a topic's last listener go out in order
      Topic topic = topics.putIfAbsent(fresh.key, fresh);
      if (topic != null) {
        topic.add(listener); // watched already: this listener hears the known state at once
        return new Handle(topic, listener);
      }
      fresh.add(listener);
      sent = fresh.sync(link);
    }
    DeliveredFrames.Incoming answer;
    try {
      answer = sent.get(timeout.toMillis() + RelayConnection.GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      topics.remove(fresh.key, fresh);
      sent.completeExceptionally(e); // ends the request, as its timer would have
      throw new CallTimeoutException("watch", value, timeout);
    } catch (ExecutionException e) {
      topics.remove(fresh.key, fresh);
      if (e.getCause() instanceof TimeoutException) {
        throw new CallTimeoutException("watch", value, timeout);
      }
      throw new NotConnectedException("watch", value, String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      topics.remove(fresh.key, fresh);
      Thread.currentThread().interrupt();
      throw new NotConnectedException("watch", value, "interrupted");
    }
    if (!PayloadType.ACK.wire().equals(answer.type())) {
      topics.remove(fresh.key, fresh);
      JsonNode error = answer.errorOrMissing();
      String code = error.path(Fields.CODE).asText("UNKNOWN");
      if (ErrorCode.BAD_NAME.wire().equals(code)) {
        throw new IllegalArgumentException(error.path(Fields.MESSAGE).asText());
      }
      throw new RelayRejectedException("watch", value, code, error.path(Fields.MESSAGE).asText(""));
    }
    return new Handle(fresh, listener);
  }

  /** Watches every topic again on a new connection; completes once the relay answered (refusals are logged). */
  CompletableFuture<Void> rewatchAll(RelayLink link) {
    List<CompletableFuture<?>> answers = new ArrayList<>();
    for (Topic topic : topics.values()) {
      answers.add(topic.sync(link).handle((answer, error) -> {
        if (error != null || !PayloadType.ACK.wire().equals(answer.type())) {
          log.warn("Could not watch {} '{}' again on the new connection: {}", topic.what(), topic.value,
              error != null ? error.getMessage() : answer.errorOrMissing().path(Fields.MESSAGE).asText());
        }
        return null;
      }));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
  }

  /** An EVENT frame from the relay, received on {@code link}, whose connection ID the relay told is {@code myId}. */
  void onEvent(RelayLink link, String myId, String text) {
    JsonNode payload;
    try {
      payload = mapper.readTree(text).path(Fields.PAYLOAD);
    } catch (IOException e) {
      log.debug("Ignoring an event frame that is not JSON: {}", FrameDispatcher.abbreviate(text));
      return;
    }
    RelayEvent event = RelayEvent.fromWire(payload.path(Fields.EVENT).asText());
    String value = payload.path(event != null && event.aboutGroup() ? Fields.GROUP : Fields.NAME).textValue();
    String id = payload.path(Fields.ID).textValue();
    if (event == null || value == null || id == null) {
      log.debug("Ignoring an event the client does not know: {}", FrameDispatcher.abbreviate(text));
      return;
    }
    if (event == RelayEvent.RELEASED && id.equals(myId)) {
      released.accept(link, value); // moved to this machine's next connection, or taken by another machine
    }
    Topic topic = topics.get(key(event.aboutGroup(), value));
    if (topic != null) {
      topic.onEvent(link, event, id);
    }
  }

  private static String key(boolean group, String value) {
    return (group ? "group:" : "name:") + value;
  }

  /** One watched name or group, its listeners and what the relay said about it. */
  private final class Topic {
    final boolean group;
    final String value;
    final String key;
    final List<DiscoveryListener> listeners = new CopyOnWriteArrayList<>();
    // Guarded by this.
    /** The holder's (the members') connection IDs as last known. */
    private final Set<String> known = new LinkedHashSet<>();
    /** The connection whose events count: the one the latest watch went out on. */
    private RelayLink link;
    /** Events that arrived on {@link #link} before the answer to its watch, applied after its state. */
    private List<Object[]> early;

    Topic(boolean group, String value) {
      this.group = group;
      this.value = value;
      this.key = key(group, value);
    }

    String what() {
      return group ? Fields.GROUP : Fields.NAME;
    }

    /** Adds {@code listener} and tells it the known state. */
    synchronized void add(DiscoveryListener listener) {
      listeners.add(listener);
      for (String id : known) {
        tell(List.of(listener), Change.APPEARED, id);
      }
    }

    /** Sends the watch on {@code link}; its answer's state is applied here before the answer completes. */
    CompletableFuture<DeliveredFrames.Incoming> sync(RelayLink link) {
      synchronized (this) {
        this.link = link;
        this.early = new ArrayList<>();
      }
      return requests.send(link, Action.WATCH, group ? Fields.GROUP : Fields.NAME, value, null, false)
          .thenApply(answer -> {
            if (PayloadType.ACK.wire().equals(answer.type())) {
              state(link, answer.retNode());
            }
            return answer;
          });
    }

    private synchronized void state(RelayLink from, JsonNode ret) {
      if (from != link) {
        return; // a later connection watches already
      }
      Set<String> now = new LinkedHashSet<>();
      if (group) {
        FanOuts.members(ret.path(Fields.MEMBERS)).forEach(m -> now.add(m.id()));
      } else if (ret.hasNonNull(Fields.ID)) {
        now.add(ret.path(Fields.ID).asText());
      }
      for (String id : List.copyOf(known)) {
        if (!now.contains(id)) {
          known.remove(id);
          tell(listeners, Change.DISAPPEARED, id);
        }
      }
      for (String id : now) {
        if (known.add(id)) {
          tell(listeners, Change.APPEARED, id);
        }
      }
      List<Object[]> queued = early;
      early = null;
      for (Object[] e : queued) {
        apply((RelayEvent) e[0], (String) e[1]);
      }
    }

    synchronized void onEvent(RelayLink from, RelayEvent event, String id) {
      if (from != link) {
        return; // a connection this machine is leaving: the current one hears the same
      }
      if (early != null) {
        early.add(new Object[] {event, id});
        return;
      }
      apply(event, id);
    }

    private void apply(RelayEvent event, String id) {
      if (event.appeared()) {
        if (!group && !known.contains(id)) {
          for (String previous : List.copyOf(known)) { // a takeover: the watcher hears no RELEASED for it
            known.remove(previous);
            tell(listeners, Change.DISAPPEARED, previous);
          }
        }
        if (known.add(id)) {
          tell(listeners, Change.APPEARED, id);
        }
      } else if (known.remove(id)) {
        tell(listeners, Change.DISAPPEARED, id);
      }
    }

    /** Queues the event for {@code to} on the events thread: in order, never on the socket's thread. */
    private void tell(List<DiscoveryListener> to, Change change, String id) {
      DiscoveryEvent event = new DiscoveryEvent(change, value, group, id);
      for (DiscoveryListener l : to) {
        events.run(() -> {
          try {
            l.onEvent(event);
          } catch (RuntimeException e) {
            log.warn("DiscoveryListener {} threw on {}", l, event, e);
          }
        });
      }
    }

    void remove(DiscoveryListener listener) {
      synchronized (order) {
        boolean last;
        synchronized (this) {
          listeners.remove(listener);
          last = listeners.isEmpty() && topics.remove(key, this);
        }
        RelayLink now = ready.get();
        if (last && now != null) {
          requests.send(now, Action.UNWATCH, group ? Fields.GROUP : Fields.NAME, value, null, false)
              .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  /** What {@link #watch} returns: closing it removes its listener. */
  private static final class Handle implements Watch {
    private final Topic topic;
    private final DiscoveryListener listener;
    private volatile boolean closed;

    Handle(Topic topic, DiscoveryListener listener) {
      this.topic = topic;
      this.listener = listener;
    }

    @Override
    public String topic() {
      return topic.value;
    }

    @Override
    public boolean group() {
      return topic.group;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        topic.remove(listener);
      }
    }

    @Override
    public String toString() {
      return "Watch{" + topic.key + (closed ? ", closed" : "") + "}";
    }
  }
}
