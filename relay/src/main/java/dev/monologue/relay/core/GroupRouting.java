package dev.monologue.relay.core;

import dev.monologue.wire.Action;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.Frame;
import dev.monologue.wire.RelayEvent;
import dev.monologue.wire.RelayFrames;
import dev.monologue.wire.RelayReplies;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups: join and leave (as the sender's {@link KeyPolicy} allows), their live members, and delivery to one member
 * ({@code sendany}, spread round robin) or to all ({@code sendall}); a member silent past its lease is left out.
 */
final class GroupRouting {
  /** Logs under {@link NameRouting}'s name, the one operators know. */
  private static final Logger log = LoggerFactory.getLogger(NameRouting.class);

  private final NameActions shared;
  /** Where the next {@code sendany} starts in each group's member list, so calls spread. */
  private final RoundRobin next = new RoundRobin();

  GroupRouting(NameActions shared) {
    this.shared = shared;
  }

  /** Joins or leaves a group, as the sender's policy allows, and tells the group's watchers. */
  void membership(String senderId, KeyPolicy sender, Frame p) {
    String group = p.group();
    if (shared.answers().badName(senderId, p, group, Fields.GROUP)) {
      return;
    }
    boolean join = Action.JOIN.wire().equals(p.action());
    if (join && !sender.mayJoin(group)) {
      shared.answers().notPermitted(senderId, p, "join", "group", group, sender.joins());
      return;
    }
    String key = TenantNames.key(sender.tenant(), group);
    boolean changed = join ? shared.registry().join(key, senderId) : shared.registry().leave(key, senderId);
    // members keep alive within the lease too
    Delivery acked = shared.answers().reply(senderId, RelayReplies.membership(senderId, p.token(), group, changed,
        join ? shared.lease().lease() : null));
    if (acked == Delivery.GONE) {
      // gone before its join landed ($disconnect first): no membership outlives it
      shared.departures().forget(senderId);
      return;
    }
    if (changed) {
      shared.departures().announceAndForget(NameRegistry.Topic.group(key), join ? RelayEvent.JOINED : RelayEvent.LEFT,
          key, senderId);
    }
  }

  /** Answers a group's live members. */
  void members(String senderId, String tenant, Frame p) {
    String group = p.group();
    if (shared.answers().badName(senderId, p, group, Fields.GROUP)) {
      return;
    }
    List<NameRegistry.Member> members =
        TenantNames.local(live(shared.registry().members(TenantNames.key(tenant, group))));
    shared.answers().reply(senderId, RelayReplies.members(senderId, p.token(), group, members, NameRegistry.Member::id,
        NameRegistry.Member::names));
  }

  /** Delivers to one live member, starting round robin; answers the sender when none takes it. */
  void sendAny(String senderId, String tenant, String frame, Frame p) {
    String group = p.group();
    if (shared.answers().badName(senderId, p, group, Fields.GROUP) || shared.answers().noPayload(senderId, p)) {
      return;
    }
    String key = TenantNames.key(tenant, group);
    List<String> members = shared.registry().memberIds(key);
    int start = members.isEmpty() ? 0 : next.next(key, members.size());
    int busy = 0;
    for (int i = 0; i < members.size(); i++) {
      String id = members.get((start + i) % members.size());
      if (shared.departures().lapsedMember(id)) {
        continue; // silent past its lease: out of its groups now, the next member is tried
      }
      Delivery d =
          shared.gateway().send(id, RelayFrames.deliver(id, senderId, frame, p.payloadStart(), p.payloadEnd()));
      if (d == Delivery.DELIVERED) {
        return;
      }
      if (d == Delivery.GONE || d == Delivery.OVERLOADED) {
        // skip it at once and try the next member; an overloaded one was just disconnected
        shared.departures().forget(id);
      } else if (d == Delivery.BUSY) {
        busy++;
      }
    }
    if (busy > 0) {
      shared.answers().error(senderId, p.token(), ErrorCode.PEER_BUSY, "every live member of group '" + group + "' ("
          + busy + ") reads more slowly than it is sent to and the relay's queue to it is full; the message was not"
          + " delivered; send to the group less often or retry later");
      return;
    }
    shared.answers().error(senderId, p.token(), ErrorCode.NO_MEMBERS, "group '" + group + "' has no live member"
        + (members.isEmpty() ? "" : " (" + members.size() + " tried)"));
  }

  /** {@code members} without those whose lease lapsed ({@link Departures#lapsedMember}). */
  private List<NameRegistry.Member> live(List<NameRegistry.Member> members) {
    List<NameRegistry.Member> out = new ArrayList<>(members.size());
    for (NameRegistry.Member m : members) {
      if (!shared.departures().lapsedMember(m.id())) {
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
  void sendAll(String senderId, String tenant, String frame, Frame p) {
    String group = p.group();
    if (shared.answers().badName(senderId, p, group, Fields.GROUP) || shared.answers().noPayload(senderId, p)) {
      return;
    }
    List<String> members = shared.registry().memberIds(TenantNames.key(tenant, group));
    Set<String> lapsed = ConcurrentHashMap.newKeySet();
    // a member silent past its lease is not sent to (reported gone); the check runs in the gateway's fan-out
    List<Delivery> deliveries = shared.gateway().sendEach(members, id -> {
      if (shared.lease().lapse(id) != null) {
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
    shared.answers().reply(senderId, RelayReplies.fanout(senderId, p.token(), group, delivered, failed));
    gone.forEach(shared.departures()::forget);
    for (String id : lapsed) {
      log.info("Connection {} is a group member but was silent past its lease; removed from its groups", id);
      shared.gateway().close(id);
    }
  }
}
