package dev.monologue.relay;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people write them on a command line: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT10M}. */
final class DurationText {
  private DurationText() {}

  /** The duration {@code text} says; IllegalArgumentException with an example when it says none. */
  static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (!t.isEmpty()) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        switch (t.charAt(t.length() - 1)) {
          case 's': return Duration.ofSeconds(n);
          case 'm': return Duration.ofMinutes(n);
          case 'h': return Duration.ofHours(n);
          case 'd': return Duration.ofDays(n);
          default: break;
        }
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("'" + text + "' is not a duration; write 500ms, 30s, 10m, 2h, 1d or PT10M");
  }

  /** {@code d} in the largest unit that writes it whole: {@code 10m}, {@code 2h}, {@code 500ms}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms != 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0 && ms != 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms != 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
