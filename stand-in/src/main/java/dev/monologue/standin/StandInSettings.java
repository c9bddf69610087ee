package dev.monologue.standin;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** The ranges AWS allows for the stand-in's settings ({@link AwsStandInBuilder}); each check names the setting. */
final class StandInSettings {
  private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private StandInSettings() {}

  static void checkThrottle(double ratePerSecond, int burst) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond) || burst < 1) {
      throw new IllegalArgumentException("the stage throttle needs a positive, finite rate and a burst of at least"
          + " 1, was " + ratePerSecond + " per second, burst " + burst);
    }
  }

  static Duration nameLease(Duration nameLease) {
    Objects.requireNonNull(nameLease, "nameLease == null");
    if (nameLease.isNegative() || nameLease.isZero()) {
      throw new IllegalArgumentException("nameLease must be positive, was " + nameLease);
    }
    return nameLease;
  }

  /** At least 1: {@code name} is one of the settings counted from one. */
  static int atLeastOne(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
    return value;
  }

  static int port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
    }
    return port;
  }

  static Duration postLatency(Duration postLatency) {
    Objects.requireNonNull(postLatency, "postLatency == null");
    if (postLatency.isNegative() || postLatency.compareTo(Duration.ofSeconds(5)) > 0) {
      throw new IllegalArgumentException("postLatency must be 0 to 5 s, was " + postLatency);
    }
    return postLatency;
  }

  /** The settings checked when the stand-in starts, which the builder's setters take as given. */
  static void checkAtStart(String stage, Duration functionTimeout, int concurrency) {
    if (!STAGE.matcher(stage).matches()) {
      throw new IllegalArgumentException("stage must be 1-128 letters, digits, '-' or '_', was '" + stage + "'");
    }
    if (functionTimeout.compareTo(Duration.ofMillis(1)) < 0 || functionTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
      throw new IllegalArgumentException("functionTimeout must be 1 ms to 15 min (Lambda's range), was "
          + functionTimeout);
    }
    atLeastOne(concurrency, "concurrency");
  }
}
