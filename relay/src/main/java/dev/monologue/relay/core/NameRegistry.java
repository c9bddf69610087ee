package dev.monologue.relay.core;

import java.util.List;

/**
 * Who holds which name, who is in which group, and who watches what: the relay's only state (docs/protocol.md,
 * "Names and groups"). The local relay keeps it in memory ({@link InMemoryNameRegistry}); on AWS it lives in
 * DynamoDB. Implementations are thread-safe, and a claim is atomic: of concurrent claims of a free name exactly one
 * is granted.
 */
public interface NameRegistry {
  /**
   * Claims {@code name} for {@code connectionId}. Granted when the name is free, already held by this connection,
   * held with the same {@code keyHash} (the same machine on a new connection), or when {@code takeover} is set;
   * refused otherwise, with the holder's claim age.
   *
   * @param keyHash a digest of the claimant's secret key, or null when it sent none
   */
  ClaimOutcome claim(String name, String connectionId, String keyHash, boolean takeover);

  /** Releases {@code name} if {@code connectionId} holds it; false (and nothing changes) otherwise. */
  boolean release(String name, String connectionId);

  /** The connection holding {@code name}, or null when none does. */
  String holder(String name);

  /** Adds {@code connectionId} to {@code group}; false when it was already a member. */
  boolean join(String group, String connectionId);

  /** Removes {@code connectionId} from {@code group}; false when it was not a member. */
  boolean leave(String group, String connectionId);

  /** The members of {@code group} with the names each holds, in a stable order (empty when none). */
  List<Member> members(String group);

  /** The connection IDs of {@code group}'s members, in the order of {@link #members}; cheaper where names cost a read. */
  default List<String> memberIds(String group) {
    return members(group).stream().map(Member::id).toList();
  }

  /** Starts telling {@code connectionId} of changes to {@code topic} (see {@link Topic}). */
  void watch(String topic, String connectionId);

  /** Stops telling {@code connectionId} of changes to {@code topic}; false when it was not watching. */
  boolean unwatch(String topic, String connectionId);

  /** The connections watching {@code topic}. */
  List<String> watchers(String topic);

  /**
   * Forgets {@code connectionId}: releases its names, ends its memberships and watches. Called on disconnect and
   * when a delivery to it failed with gone; says what it held, so watchers can be told.
   */
  Held remove(String connectionId);

  /** A registry for a relay that keeps no names: every name action is refused with NAMES_UNAVAILABLE and {@code reason}. */
  static NameRegistry unavailable(String reason) {
    return new UnavailableNameRegistry(reason);
  }

  /** What a connection held when it was removed. */
  record Held(List<String> names, List<String> groups) {
    public Held {
      names = List.copyOf(names);
      groups = List.copyOf(groups);
    }
  }

  /** A group member: its connection ID and the names it holds. */
  record Member(String id, List<String> names) {
    public Member {
      names = List.copyOf(names);
    }
  }

  /** The topics a connection can watch: one name, or one group. */
  final class Topic {
    private Topic() {}

    public static String name(String name) {
      return "name:" + name;
    }

    public static String group(String group) {
      return "group:" + group;
    }
  }
}
