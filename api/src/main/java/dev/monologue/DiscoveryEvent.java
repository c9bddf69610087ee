package dev.monologue;

import java.util.Objects;

/**
 * A change a watcher hears of (see {@link Monologue#watchName} and {@link Monologue#watchGroup}): a connection that
 * now holds the watched name or is a member of the watched group ({@link Change#APPEARED}), or no longer is
 * ({@link Change#DISAPPEARED}: released, left, taken over, disconnected or found gone).
 *
 * @param change whether the connection appeared or disappeared
 * @param topic the name or group watched
 * @param group true when {@code topic} is a group, false when it is a name
 * @param id the connection ID of the name's holder or the group's member
 */
public record DiscoveryEvent(Change change, String topic, boolean group, String id) {
  /** What happened to the connection {@code id}. */
  public enum Change {
    /** It holds the name, or joined the group. */
    APPEARED,
    /** It no longer holds the name, or left the group. */
    DISAPPEARED
  }

  /** Checks that the change and what changed are given. */
  public DiscoveryEvent {
    Objects.requireNonNull(change, "change == null");
    Objects.requireNonNull(topic, "topic == null");
    Objects.requireNonNull(id, "id == null");
  }

  /** Whether the connection appeared (claimed the name, joined the group). */
  public boolean appeared() {
    return change == Change.APPEARED;
  }
}
