package dev.monologue.relay.core;

import dev.monologue.wire.RelayEvent;
import dev.monologue.wire.RelayReplies;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections leaving their names and groups: forgotten when they disconnect, turn out gone, or stay silent past
 * their lease ({@link HolderLease}); every watcher of what they held is told ({@link NameRegistry.Topic}).
 */
final class Departures {
  /** Logs under {@link NameRouting}'s name, the one operators know. */
  private static final Logger log = LoggerFactory.getLogger(NameRouting.class);

  private final ConnectionGateway gateway;
  private final NameRegistry registry;
  private final HolderLease lease;

  Departures(ConnectionGateway gateway, NameRegistry registry, HolderLease lease) {
    this.gateway = gateway;
    this.registry = registry;
    this.lease = lease;
  }

  /**
   * Null while {@code holder} holds the name stored as {@code key} ({@link TenantNames}) within its lease
   * ({@link HolderLease}); else releases what the holder held (watchers are told), closes its connection where the
   * gateway can, so that its client reconnects and claims its names again, and says why, for the caller's
   * {@code PEER_GONE}.
   */
  String lapsed(String key, String holder) {
    String lapse = lease.lapse(holder);
    if (lapse == null) {
      return null;
    }
    String name = TenantNames.local(key);
    log.info("Connection {} held '{}' but {}; releasing what it held", holder, name, lapse);
    forget(holder); // watchers hear what it held
    registry.release(key, holder); // even if the holder's other entries could not be found
    gateway.close(holder);
    return "the holder of name '" + name + "' " + lapse + "; the name is free";
  }

  /** Forgets a connection that disconnected or turned out gone, telling watchers what it held. */
  void forget(String connectionId) {
    Deque<String> gone = new ArrayDeque<>();
    gone.add(connectionId);
    while (!gone.isEmpty()) {
      String id = gone.poll();
      lease.forget(id);
      NameRegistry.Held held;
      try {
        held = registry.remove(id);
      } catch (RuntimeException e) {
        log.warn("Name registry failed forgetting connection {}", id, e);
        continue;
      }
      for (String name : held.names()) {
        announce(NameRegistry.Topic.name(name), RelayEvent.RELEASED, name, id, gone);
      }
      for (String group : held.groups()) {
        announce(NameRegistry.Topic.group(group), RelayEvent.LEFT, group, id, gone);
      }
    }
  }

  /**
   * Whether group member {@code id} has been silent past its lease ({@link HolderLease}), as a name's holder loses its
   * names: it is then forgotten (out of every group, its names released, watchers told) and its connection closed
   * where the gateway can, so that its client reconnects and joins again.
   */
  boolean lapsedMember(String id) {
    String lapse = lease.lapse(id);
    if (lapse == null) {
      return false;
    }
    log.info("Connection {} is a group member but {}; removing it from its groups", id, lapse);
    forget(id);
    gateway.close(id);
    return true;
  }

  /** {@link #announce}s a change, then forgets the watchers found gone. */
  void announceAndForget(String topic, RelayEvent event, String value, String id) {
    Deque<String> gone = new ArrayDeque<>();
    announce(topic, event, value, id, gone);
    gone.forEach(this::forget);
  }

  /**
   * Tells every watcher of {@code topic} that {@code key} (a registry entry, {@link TenantNames}) changed; watchers
   * found gone are added to {@code gone}. Watchers are of the entry's tenant, and see its name without the tenant.
   */
  void announce(String topic, RelayEvent event, String key, String id, Deque<String> gone) {
    String value = TenantNames.local(key);
    for (String watcher : registry.watchers(topic)) {
      if (gateway.send(watcher, RelayReplies.event(watcher, event, value, id)) == Delivery.GONE) {
        gone.add(watcher);
      }
    }
  }
}
