package dev.monologue.relay.core;

import dev.monologue.wire.Action;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.Frame;
import dev.monologue.wire.Names;
import dev.monologue.wire.RelayEvent;
import dev.monologue.wire.RelayFrames;
import dev.monologue.wire.RelayReplies;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Router}'s name and group actions (docs/protocol.md, "Names and groups"): claim, release, join, leave,
 * members, watch, unwatch, delivery to a name, {@code sendany} and {@code sendall}, and forgetting a connection on
 * disconnect or when a delivery to it fails with gone. State lives in a {@link NameRegistry}. The sender's
 * {@link KeyPolicy} decides which names it may claim, which groups it may join and whether it may take over another
 * owner's name; its tenant's names and groups live apart from every other tenant's ({@link TenantNames}).
 */
final class NameRouting {
  private static final Logger log = LoggerFactory.getLogger(NameRouting.class);

  private final ConnectionGateway gateway;
  private final NameRegistry registry;
  private final DeliveryErrors.Errors errors;
  private final HolderLease lease;
  /** Where the next {@code sendany} starts in each group's member list, so calls spread. */
  private final RoundRobin next = new RoundRobin();

  NameRouting(ConnectionGateway gateway, NameRegistry registry, DeliveryErrors.Errors errors, HolderLease lease) {
    this.gateway = Objects.requireNonNull(gateway, "gateway == null");
    this.registry = Objects.requireNonNull(registry, "registry == null");
    this.errors = Objects.requireNonNull(errors, "errors == null");
    this.lease = Objects.requireNonNull(lease, "lease == null");
  }

  /** Handles one of the name and group actions ({@link Action#aboutNames()}). */
  void handle(String senderId, KeyPolicy sender, String frame, Frame p, Action action) {
    if (p.nameFieldProblem() != null) {
      errors.send(senderId, p.token(), ErrorCode.MALFORMED_FRAME, p.nameFieldProblem());
      return;
    }
    try {
      switch (action) {
        case CLAIM -> claim(senderId, sender, p);
        case RELEASE -> release(senderId, sender.tenant(), p);
        case JOIN, LEAVE -> membership(senderId, sender, p);
        case MEMBERS -> members(senderId, sender.tenant(), p);
        case WATCH, UNWATCH -> watch(senderId, sender.tenant(), p);
        case SENDANY -> sendAny(senderId, sender.tenant(), frame, p);
        case SENDALL -> sendAll(senderId, sender.tenant(), frame, p);
        default -> throw new AssertionError(action);
      }
    } catch (UnsupportedOperationException e) {
      errors.send(senderId, p.token(), ErrorCode.NAMES_UNAVAILABLE, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Name registry failed on '{}' from connection {}", p.action(), senderId, e);
      errors.send(senderId, p.token(), ErrorCode.NAMES_UNAVAILABLE, "the relay could not reach its name"
          + " registry for '" + p.action() + "'; retry later");
    }
  }

  /**
   * Delivers a {@code sendmessage} addressed to a name ({@code "name":N}) to the name's holder, in one hop; the
   * delivered frame's {@code to} is the holder's connection ID. Answers the sender itself when it cannot.
   */
  void sendToName(String senderId, String tenant, String frame, Frame p) {
    String key = TenantNames.key(tenant, p.name());
    String holder;
    try {
      holder = registry.holder(key);
    } catch (UnsupportedOperationException e) {
      errors.send(senderId, p.token(), ErrorCode.NAMES_UNAVAILABLE, e.getMessage());
      return;
    } catch (RuntimeException e) {
      log.warn("Name registry failed resolving '{}' for connection {}", p.name(), senderId, e);
      errors.send(senderId, p.token(), ErrorCode.NAMES_UNAVAILABLE,
          "the relay could not reach its name registry to resolve '" + p.name() + "'; retry later");
      return;
    }
    if (holder == null) {
      errors.send(senderId, p.token(), ErrorCode.PEER_GONE, "no connection holds the name '" + p.name() + "'");
      return;
    }
    String lapse = lapsed(key, holder);
    if (lapse != null) {
      errors.send(senderId, p.token(), ErrorCode.PEER_GONE, lapse);
      return;
    }
    Delivery d = gateway.send(holder, RelayFrames.deliver(holder, senderId, frame, p.payloadStart(), p.payloadEnd()));
    if (d == Delivery.GONE) {
      forget(holder); // watchers hear what it held
      registry.release(key, holder); // even if the holder's other entries could not be found
    }
    DeliveryErrors.report(errors, senderId, p.token(), "name '" + p.name() + "'", d);
  }

  /**
   * The connection holding {@code name}, for a probe of it; null when none does, after answering the sender
   * {@code PEER_GONE} (or {@code NAMES_UNAVAILABLE}).
   */
  String holderOrGone(String senderId, String tenant, String name, String token) {
    String key = TenantNames.key(tenant, name);
    String holder;
    try {
      holder = registry.holder(key);
    } catch (UnsupportedOperationException e) {
      errors.send(senderId, token, ErrorCode.NAMES_UNAVAILABLE, e.getMessage());
      return null;
    } catch (RuntimeException e) {
      log.warn("Name registry failed resolving '{}' for a probe from connection {}", name, senderId, e);
      errors.send(senderId, token, ErrorCode.NAMES_UNAVAILABLE,
          "the relay could not reach its name registry to resolve '" + name + "'; retry later");
      return null;
    }
    if (holder == null) {
      errors.send(senderId, token, ErrorCode.PEER_GONE, "no connection holds the name '" + name + "'");
      return null;
    }
    String lapse = lapsed(key, holder);
    if (lapse != null) {
      errors.send(senderId, token, ErrorCode.PEER_GONE, lapse);
      return null;
    }
    return holder;
  }

  /**
   * Null while {@code holder} holds the name stored as {@code key} ({@link TenantNames}) within its lease ({@link HolderLease}); else releases what the
   * holder held (watchers are told), closes its connection where the gateway can, so that its client reconnects
   * and claims its names again, and says why, for the caller's {@code PEER_GONE}.
   */
  private String lapsed(String key, String holder) {
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

  private void claim(String senderId, KeyPolicy sender, Frame p) {
    String name = p.name();
    if (badName(senderId, p, name, Fields.NAME)) {
      return;
    }
    if (!sender.mayClaim(name)) {
      errors.send(senderId, p.token(), ErrorCode.NOT_PERMITTED, "this relay's policy does not let this API key claim"
          + " the name '" + name + "' (it may claim " + sender.claims() + "); claim a name it allows, or ask the"
          + " relay's operator to allow this one");
      return;
    }
    String key = TenantNames.key(sender.tenant(), name);
    boolean takeover = p.takeover() && sender.mayTakeOver();
    ClaimOutcome outcome = registry.claim(key, senderId, ClaimKeys.hash(p.key()), takeover);
    if (!outcome.granted() && holderVanished(key)) {
      outcome = registry.claim(key, senderId, ClaimKeys.hash(p.key()), takeover);
    }
    if (!outcome.granted()) {
      if (p.takeover()) {
        errors.send(senderId, p.token(), ErrorCode.TAKEOVER_REFUSED, "the name '" + name + "' is held by another"
            + " owner (another owner secret) and this relay's policy does not let this API key take names over;"
            + " give this machine the holder's owner secret, or ask the relay's operator to allow takeover for"
            + " this key");
      } else {
        reply(senderId, RelayReplies.nameTaken(senderId, p.token(), name, outcome.heldFor()));
      }
      return;
    }
    String from = outcome.previousHolder();
    String previous = from != null && !takeover && vanished(from) ? null : from;
    Delivery acked = reply(senderId, RelayReplies.claimed(senderId, p.token(), name, from != null, lease.lease()));
    if (acked == Delivery.GONE) {
      claimantGone(senderId, key, previous, p.key(), takeover);
      return;
    }
    Deque<String> gone = new ArrayDeque<>();
    if (previous != null) {
      // the previous holder learns it lost the name, whether it watches or not
      if (gateway.send(previous, RelayReplies.event(previous, RelayEvent.RELEASED, name, previous))
          == Delivery.GONE) {
        gone.add(previous);
      }
    }
    announce(NameRegistry.Topic.name(key), RelayEvent.CLAIMED, key, senderId, gone);
    gone.forEach(this::forget);
  }

  /**
   * Whether {@code previous}, whose name a claim with the same key just renewed on another connection (the same
   * machine, reconnected), is gone though no disconnect was seen; then it is forgotten before the claim is
   * acknowledged, so the machine finds none of its old connection's memberships or watches once it is back. A
   * gateway that cannot tell leaves it to the event that tells it the name moved.
   */
  private boolean vanished(String previous) {
    try {
      if (gateway.isConnected(previous)) {
        return false;
      }
    } catch (RuntimeException e) {
      log.debug("Could not tell whether connection {} is connected", previous, e);
      return false;
    }
    forget(previous);
    return true;
  }

  /**
   * A claim was granted to a connection already gone: on AWS, its {@code $disconnect} (best effort) came before
   * the claim, so nothing else would release the name. Forgets the claimant now. A name it renewed with the same
   * key from a connection that is still there (the same machine, reconnected before this late claim) goes back
   * to that connection, which never learns it moved; one it took over with {@code takeover} stays free, and its
   * previous holder is told it lost it.
   */
  private void claimantGone(String claimant, String key, String previous, String ownerKey, boolean takeover) {
    log.info("Connection {} is gone; its claim of '{}' landed after its disconnect and is undone", claimant, key);
    String name = TenantNames.local(key);
    if (previous != null && !takeover) {
      registry.release(key, claimant); // quietly: the name goes back to the holder that renewed it
      if (registry.claim(key, previous, ClaimKeys.hash(ownerKey), false).granted()) {
        forget(claimant);
        return;
      }
    }
    forget(claimant);
    if (previous != null && gateway.send(previous, RelayReplies.event(previous, RelayEvent.RELEASED, name, previous))
        == Delivery.GONE) {
      forget(previous);
    }
  }

  /**
   * Whether the holder of {@code name}, which refused a claim, turned out gone though no disconnect was seen (a
   * machine that vanished), or silent past its lease (a link that died without a close): asked of the gateway (the
   * local relay looks it up; on AWS {@code GET @connections}, 410 meaning gone, else its {@code lastActiveAt}). Its
   * names and memberships are then released, watchers told, so the claim can be granted. A gateway that cannot
   * tell, or fails to, leaves the refusal as it was.
   */
  private boolean holderVanished(String key) {
    String holder = registry.holder(key);
    if (holder == null) {
      return true; // released in the meantime
    }
    return lapsed(key, holder) != null;
  }

  private void release(String senderId, String tenant, Frame p) {
    String name = p.name();
    if (badName(senderId, p, name, Fields.NAME)) {
      return;
    }
    String key = TenantNames.key(tenant, name);
    if (!registry.release(key, senderId)) {
      errors.send(senderId, p.token(), ErrorCode.NAME_NOT_HELD, "name '" + name
          + "' is not held by this connection; only its holder can release it");
      return;
    }
    reply(senderId, RelayReplies.name(senderId, p.token(), name));
    announceAndForget(NameRegistry.Topic.name(key), RelayEvent.RELEASED, key, senderId);
  }

  private void membership(String senderId, KeyPolicy sender, Frame p) {
    String group = p.group();
    if (badName(senderId, p, group, Fields.GROUP)) {
      return;
    }
    boolean join = Action.JOIN.wire().equals(p.action());
    if (join && !sender.mayJoin(group)) {
      errors.send(senderId, p.token(), ErrorCode.NOT_PERMITTED, "this relay's policy does not let this API key join"
          + " the group '" + group + "' (it may join " + sender.joins() + "); join a group it allows, or ask the"
          + " relay's operator to allow this one");
      return;
    }
    String key = TenantNames.key(sender.tenant(), group);
    boolean changed = join ? registry.join(key, senderId) : registry.leave(key, senderId);
    // members keep alive within the lease too
    Delivery acked = reply(senderId, RelayReplies.membership(senderId, p.token(), group, changed,
        join ? lease.lease() : null));
    if (acked == Delivery.GONE) {
      forget(senderId); // gone before its join landed ($disconnect first): no membership outlives it
      return;
    }
    if (changed) {
      announceAndForget(NameRegistry.Topic.group(key), join ? RelayEvent.JOINED : RelayEvent.LEFT, key,
          senderId);
    }
  }

  private void members(String senderId, String tenant, Frame p) {
    String group = p.group();
    if (badName(senderId, p, group, Fields.GROUP)) {
      return;
    }
    List<NameRegistry.Member> members = TenantNames.local(live(registry.members(TenantNames.key(tenant, group))));
    reply(senderId, RelayReplies.members(senderId, p.token(), group, members, NameRegistry.Member::id,
        NameRegistry.Member::names));
  }

  private void watch(String senderId, String tenant, Frame p) {
    boolean byName = p.name() != null;
    if (byName == (p.group() != null)) {
      errors.send(senderId, p.token(), ErrorCode.MALFORMED_FRAME,
          "'" + p.action() + "' needs exactly one of 'name' and 'group'");
      return;
    }
    String value = byName ? p.name() : p.group();
    if (badName(senderId, p, value, byName ? Fields.NAME : Fields.GROUP)) {
      return;
    }
    String key = TenantNames.key(tenant, value);
    String topic = byName ? NameRegistry.Topic.name(key) : NameRegistry.Topic.group(key);
    if (Action.UNWATCH.wire().equals(p.action())) {
      registry.unwatch(topic, senderId);
      reply(senderId, byName ? RelayReplies.name(senderId, p.token(), value)
          : RelayReplies.group(senderId, p.token(), value));
      return;
    }
    // watch first, then read the state: a change in between is both in the state and in an event, never lost
    registry.watch(topic, senderId);
    Delivery acked;
    if (byName) {
      String holder = registry.holder(key);
      acked = reply(senderId, RelayReplies.holder(senderId, p.token(), value, holder));
    } else {
      List<NameRegistry.Member> members = TenantNames.local(registry.members(key));
      acked = reply(senderId, RelayReplies.members(senderId, p.token(), value, members, NameRegistry.Member::id,
          NameRegistry.Member::names));
    }
    if (acked == Delivery.GONE) {
      forget(senderId); // gone before its watch landed ($disconnect first): no watch outlives it
    }
  }

  private void sendAny(String senderId, String tenant, String frame, Frame p) {
    String group = p.group();
    if (badName(senderId, p, group, Fields.GROUP) || noPayload(senderId, p)) {
      return;
    }
    String key = TenantNames.key(tenant, group);
    List<String> members = registry.memberIds(key);
    int start = members.isEmpty() ? 0 : next.next(key, members.size());
    int busy = 0;
    for (int i = 0; i < members.size(); i++) {
      String id = members.get((start + i) % members.size());
      if (lapsedMember(id)) {
        continue; // silent past its lease: out of its groups now, the next member is tried
      }
      Delivery d = gateway.send(id, RelayFrames.deliver(id, senderId, frame, p.payloadStart(), p.payloadEnd()));
      if (d == Delivery.DELIVERED) {
        return;
      }
      if (d == Delivery.GONE || d == Delivery.OVERLOADED) {
        forget(id); // skip it at once and try the next member; an overloaded one was just disconnected
      } else if (d == Delivery.BUSY) {
        busy++;
      }
    }
    if (busy > 0) {
      errors.send(senderId, p.token(), ErrorCode.PEER_BUSY, "every live member of group '" + group + "' (" + busy
          + ") reads more slowly than it is sent to and the relay's queue to it is full; the message was not"
          + " delivered; send to the group less often or retry later");
      return;
    }
    errors.send(senderId, p.token(), ErrorCode.NO_MEMBERS, "group '" + group + "' has no live member"
        + (members.isEmpty() ? "" : " (" + members.size() + " tried)"));
  }

  /**
   * Whether group member {@code id} has been silent past its lease ({@link HolderLease}), as a name's holder loses its
   * names: it is then forgotten (out of every group, its names released, watchers told) and its connection closed
   * where the gateway can, so that its client reconnects and joins again.
   */
  private boolean lapsedMember(String id) {
    String lapse = lease.lapse(id);
    if (lapse == null) {
      return false;
    }
    log.info("Connection {} is a group member but {}; removing it from its groups", id, lapse);
    forget(id);
    gateway.close(id);
    return true;
  }

  /** {@code members} without those whose lease lapsed ({@link #lapsedMember}). */
  private List<NameRegistry.Member> live(List<NameRegistry.Member> members) {
    List<NameRegistry.Member> out = new ArrayList<>(members.size());
    for (NameRegistry.Member m : members) {
      if (!lapsedMember(m.id())) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * Delivers to every member, then reports to the sender whom it reached. One registry read (the member IDs): the
   * report lists members by ID, since their names would cost one more read per member (on AWS, a DynamoDB query
   * each). The gateway may send in parallel ({@link ConnectionGateway#sendEach}); the report goes after every post.
   */
  private void sendAll(String senderId, String tenant, String frame, Frame p) {
    String group = p.group();
    if (badName(senderId, p, group, Fields.GROUP) || noPayload(senderId, p)) {
      return;
    }
    List<String> members = registry.memberIds(TenantNames.key(tenant, group));
    Set<String> lapsed = ConcurrentHashMap.newKeySet();
    // a member silent past its lease is not sent to (reported gone); the check runs in the gateway's fan-out
    List<Delivery> deliveries = gateway.sendEach(members, id -> {
      if (lease.lapse(id) != null) {
        lapsed.add(id);
        return null;
      }
      return RelayFrames.deliver(id, senderId, frame, p.payloadStart(), p.payloadEnd());
    });
    List<String> delivered = new ArrayList<>(members.size());
    List<String[]> failed = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      String id = members.get(i);
      Delivery d = deliveries.get(i);
      if (d == Delivery.DELIVERED) {
        delivered.add(id);
      } else {
        failed.add(new String[] {id, DeliveryErrors.codeFor(d).name()});
        if (d == Delivery.GONE) {
          gone.add(id);
        }
      }
    }
    reply(senderId, RelayReplies.fanout(senderId, p.token(), group, delivered, failed));
    gone.forEach(this::forget);
    for (String id : lapsed) {
      log.info("Connection {} is a group member but was silent past its lease; removed from its groups", id);
      gateway.close(id);
    }
  }

  private boolean badName(String senderId, Frame p, String value, String what) {
    if (value == null) {
      errors.send(senderId, p.token(), ErrorCode.MALFORMED_FRAME, "'" + p.action() + "' frame has no '" + what
          + "'");
      return true;
    }
    String problem = Names.problem(value, what);
    if (problem != null) {
      errors.send(senderId, p.token(), ErrorCode.BAD_NAME, problem);
      return true;
    }
    return false;
  }

  private boolean noPayload(String senderId, Frame p) {
    if (!p.hasPayload()) {
      errors.send(senderId, p.token(), ErrorCode.MALFORMED_FRAME, "'" + p.action() + "' frame has no 'payload'"
          + " object");
      return true;
    }
    return false;
  }

  private void announceAndForget(String topic, RelayEvent event, String value, String id) {
    Deque<String> gone = new ArrayDeque<>();
    announce(topic, event, value, id, gone);
    gone.forEach(this::forget);
  }

  /**
   * Tells every watcher of {@code topic} that {@code key} (a registry entry, {@link TenantNames}) changed; watchers
   * found gone are added to {@code gone}. Watchers are of the entry's tenant, and see its name without the tenant.
   */
  private void announce(String topic, RelayEvent event, String key, String id, Deque<String> gone) {
    String value = TenantNames.local(key);
    for (String watcher : registry.watchers(topic)) {
      if (gateway.send(watcher, RelayReplies.event(watcher, event, value, id)) == Delivery.GONE) {
        gone.add(watcher);
      }
    }
  }

  private Delivery reply(String senderId, String frame) {
    Delivery d = gateway.send(senderId, frame);
    if (d != Delivery.DELIVERED) {
      log.debug("reply to connection {} not delivered: {}", senderId, d);
    }
    return d;
  }
}
