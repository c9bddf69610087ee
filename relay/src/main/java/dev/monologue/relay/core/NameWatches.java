package dev.monologue.relay.core;

import dev.monologue.wire.Action;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.Frame;
import dev.monologue.wire.RelayReplies;
import java.util.List;

/** Watches of a name or a group: the current state on {@code watch}, then an event for each change. */
final class NameWatches {
  private final NameRegistry registry;
  private final SenderAnswers answers;
  private final Departures departures;

  NameWatches(NameRegistry registry, SenderAnswers answers, Departures departures) {
    this.registry = registry;
    this.answers = answers;
    this.departures = departures;
  }

  /** Watches or unwatches a name or a group; a watch is answered with the current state. */
  void watch(String senderId, String tenant, Frame p) {
    boolean byName = p.name() != null;
    if (byName == (p.group() != null)) {
      answers.error(senderId, p.token(), ErrorCode.MALFORMED_FRAME,
          "'" + p.action() + "' needs exactly one of 'name' and 'group'");
      return;
    }
    String value = byName ? p.name() : p.group();
    if (answers.badName(senderId, p, value, byName ? Fields.NAME : Fields.GROUP)) {
      return;
    }
    String key = TenantNames.key(tenant, value);
    String topic = byName ? NameRegistry.Topic.name(key) : NameRegistry.Topic.group(key);
    if (Action.UNWATCH.wire().equals(p.action())) {
      registry.unwatch(topic, senderId);
      answers.reply(senderId, byName ? RelayReplies.name(senderId, p.token(), value)
          : RelayReplies.group(senderId, p.token(), value));
      return;
    }
    // watch first, then read the state: a change in between is both in the state and in an event, never lost
    registry.watch(topic, senderId);
    Delivery acked;
    if (byName) {
      String holder = registry.holder(key);
      acked = answers.reply(senderId, RelayReplies.holder(senderId, p.token(), value, holder));
    } else {
      List<NameRegistry.Member> members = TenantNames.local(registry.members(key));
      acked = answers.reply(senderId, RelayReplies.members(senderId, p.token(), value, members, NameRegistry.Member::id,
          NameRegistry.Member::names));
    }
    if (acked == Delivery.GONE) {
      departures.forget(senderId); // gone before its watch landed ($disconnect first): no watch outlives it
    }
  }
}
