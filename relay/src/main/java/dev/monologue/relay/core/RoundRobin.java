package dev.monologue.relay.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the next {@code sendany} to each group starts in the group's member list, so that calls to every group
 * spread over its members. One counter per group, each starting at a random position (on AWS many relay instances
 * start at once: counters all at 0 would send every instance's first call to the same member). At most
 * {@link #MAX_GROUPS} groups are remembered, the least recently used forgotten first; a forgotten group starts
 * again at a random position.
 */
final class RoundRobin {
  /** Groups remembered at once: a few hundred KB at most. */
  static final int MAX_GROUPS = 4096;

  private final Map<String, int[]> counters = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
      return size() > MAX_GROUPS;
    }
  };

  /** The index in {@code group}'s list of {@code size} members (> 0) where the next delivery starts. */
  int next(String group, int size) {
    int n;
    synchronized (counters) {
      int[] counter = counters.computeIfAbsent(group, g -> new int[] {ThreadLocalRandom.current().nextInt()});
      n = counter[0]++;
    }
    return Math.floorMod(n, size);
  }

  /** How many groups have a counter. */
  int size() {
    synchronized (counters) {
      return counters.size();
    }
  }
}
