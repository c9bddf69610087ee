package dev.monologue.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, summed by kind (a thread's name with its numbers dropped:
 * {@code monologue-handler-12} counts as {@code monologue-handler-N}), for telling which thread a shape's time goes
 * to. A thread that ended between two reads drops out of the second: read windows shorter than a pool's keep-alive.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  /** Nanoseconds of CPU by kind of thread, now. */
  static Map<String, Long> now() {
    Map<String, Long> byKind = new TreeMap<>();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = THREADS.getThreadCpuTime(ids[i]);
      if (infos[i] != null && cpu > 0) {
        byKind.merge(kind(infos[i].getThreadName()), cpu, Long::sum);
      }
    }
    return byKind;
  }

  static String kind(String threadName) {
    return threadName.replaceAll("[0-9]+", "N");
  }

  /** {@code kind=nanos kind=nanos ...}, for a child's answer line. */
  static String format(Map<String, Long> byKind) {
    StringJoiner line = new StringJoiner(" ");
    byKind.forEach((kind, nanos) -> line.add(kind.replace(' ', '_') + "=" + nanos));
    return line.toString();
  }

  /** The words of a child's answer line back into kinds and nanoseconds. */
  static Map<String, Long> parse(String[] words, int from) {
    Map<String, Long> byKind = new HashMap<>();
    for (int i = from; i < words.length; i++) {
      int eq = words[i].lastIndexOf('=');
      byKind.put(words[i].substring(0, eq), Long.parseLong(words[i].substring(eq + 1)));
    }
    return byKind;
  }

  /** What each kind spent between {@code before} and {@code after}. */
  static Map<String, Long> spent(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> spent = new TreeMap<>();
    after.forEach((kind, nanos) -> spent.put(kind, nanos - before.getOrDefault(kind, 0L)));
    return spent;
  }
}
