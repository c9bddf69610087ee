package dev.monologue.relay.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The local relay's {@link NameRegistry}: plain maps under one lock. A relay that sees every disconnect needs no
 * expiry; the state is small (a few entries per connection), and every operation is a few map lookups.
 */
public final class InMemoryNameRegistry implements NameRegistry {
  private final Clock clock;
  private final Map<String, Holding> names = new HashMap<>();
  private final Map<String, Set<String>> groups = new HashMap<>();
  private final Map<String, Set<String>> watchers = new HashMap<>();
  /** Per connection, what it holds, so {@link #remove} and {@link #members} need no scan. */
  private final Map<String, Footprint> byConnection = new HashMap<>();

  public InMemoryNameRegistry() {
    this(Clock.systemUTC());
  }

  public InMemoryNameRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public synchronized ClaimOutcome claim(String name, String connectionId, String keyHash, boolean takeover) {
    Instant now = clock.instant();
    Holding current = names.get(name);
    if (current != null && !current.connectionId.equals(connectionId) && !takeover
        && !sameKey(keyHash, current.keyHash)) {
      return ClaimOutcome.refused(Duration.between(current.since, now));
    }
    String previous = null;
    if (current != null && !current.connectionId.equals(connectionId)) {
      previous = current.connectionId;
      footprint(previous).names.remove(name);
    }
    Instant since = current != null && previous == null ? current.since : now;
    names.put(name, new Holding(connectionId, keyHash, since));
    footprint(connectionId).names.add(name);
    return ClaimOutcome.granted(previous);
  }

  @Override
  public synchronized boolean release(String name, String connectionId) {
    Holding current = names.get(name);
    if (current == null || !current.connectionId.equals(connectionId)) {
      return false;
    }
    names.remove(name);
    footprint(connectionId).names.remove(name);
    return true;
  }

  @Override
  public synchronized String holder(String name) {
    Holding h = names.get(name);
    return h == null ? null : h.connectionId;
  }

  @Override
  public synchronized boolean join(String group, String connectionId) {
    footprint(connectionId).groups.add(group);
    return groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(connectionId);
  }

  @Override
  public synchronized boolean leave(String group, String connectionId) {
    Footprint f = byConnection.get(connectionId);
    if (f != null) {
      f.groups.remove(group);
    }
    return removeFrom(groups, group, connectionId);
  }

  @Override
  public synchronized List<Member> members(String group) {
    Set<String> ids = groups.get(group);
    if (ids == null) {
      return List.of();
    }
    List<Member> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      Footprint f = byConnection.get(id);
      out.add(new Member(id, f == null ? List.of() : List.copyOf(f.names)));
    }
    return out;
  }

  @Override
  public synchronized void watch(String topic, String connectionId) {
    footprint(connectionId).watches.add(topic);
    watchers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(connectionId);
  }

  @Override
  public synchronized boolean unwatch(String topic, String connectionId) {
    Footprint f = byConnection.get(connectionId);
    if (f != null) {
      f.watches.remove(topic);
    }
    return removeFrom(watchers, topic, connectionId);
  }

  @Override
  public synchronized List<String> watchers(String topic) {
    Set<String> ids = watchers.get(topic);
    return ids == null ? List.of() : List.copyOf(ids);
  }

  @Override
  public synchronized Held remove(String connectionId) {
    Footprint f = byConnection.remove(connectionId);
    if (f == null) {
      return new Held(List.of(), List.of());
    }
    for (String name : f.names) {
      names.remove(name);
    }
    for (String group : f.groups) {
      removeFrom(groups, group, connectionId);
    }
    for (String topic : f.watches) {
      removeFrom(watchers, topic, connectionId);
    }
    return new Held(new ArrayList<>(f.names), new ArrayList<>(f.groups));
  }

  /** How many names are held now. */
  public synchronized int nameCount() {
    return names.size();
  }

  /** How many groups have members now. */
  public synchronized int groupCount() {
    return groups.size();
  }

  /** What each connection holds now (only those holding something), for a relay's status page. */
  public synchronized Map<String, Held> holdings() {
    Map<String, Held> out = new HashMap<>();
    byConnection.forEach((id, f) -> {
      if (!f.names.isEmpty() || !f.groups.isEmpty()) {
        out.put(id, new Held(new ArrayList<>(f.names), new ArrayList<>(f.groups)));
      }
    });
    return out;
  }

  /** Constant-time, so a claimant learns nothing from how long a wrong key takes to refuse. */
  static boolean sameKey(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private Footprint footprint(String connectionId) {
    return byConnection.computeIfAbsent(connectionId, id -> new Footprint());
  }

  private static boolean removeFrom(Map<String, Set<String>> map, String key, String connectionId) {
    Set<String> set = map.get(key);
    if (set == null || !set.remove(connectionId)) {
      return false;
    }
    if (set.isEmpty()) {
      map.remove(key);
    }
    return true;
  }

  private record Holding(String connectionId, String keyHash, Instant since) {}

  private static final class Footprint {
    final Set<String> names = new TreeSet<>();
    final Set<String> groups = new TreeSet<>();
    final Set<String> watches = new TreeSet<>();
  }
}
