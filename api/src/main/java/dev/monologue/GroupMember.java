package dev.monologue;

import java.util.List;
import java.util.Objects;

/**
 * A member of a group, as the relay listed it: its connection ID now, and the names it holds.
 *
 * @param id the member's connection ID
 * @param names the names the member holds
 */
public record GroupMember(String id, List<String> names) {
  /** Checks that the ID and the names are given; keeps an unmodifiable copy of the names. */
  public GroupMember {
    Objects.requireNonNull(id, "id == null");
    names = List.copyOf(names);
  }
}
