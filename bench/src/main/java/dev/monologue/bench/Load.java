package dev.monologue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load averages, printed beside the measurements: this machine is shared. */
final class Load {
  private Load() {}

  /** The 1, 5 and 15 minute load averages as {@code /proc/loadavg} has them, or the JVM's 1-minute one. */
  static String now() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage());
    }
  }
}
