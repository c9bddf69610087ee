package dev.monologue;

import dev.monologue.wire.Names;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The rules {@link MonologueOptions.Builder} checks each value against as it is set. Each failure is an
 * {@link IllegalArgumentException} that names the option and the rejected value.
 */
final class OptionChecks {
  private OptionChecks() {}

  /** A relay address: a {@code ws://} or {@code wss://} URI. */
  /** A usable owner secret; the message never quotes it. */
  static String ownerSecret(String secret) {
    java.util.Objects.requireNonNull(secret, "ownerSecret == null");
    int min = dev.monologue.wire.Limits.MIN_OWNER_SECRET_CHARS;
    int max = dev.monologue.wire.Limits.MAX_OWNER_SECRET_CHARS;
    if (secret.length() < min || secret.length() > max) {
      throw new IllegalArgumentException("ownerSecret must be " + min + " to " + max + " characters, was "
          + secret.length() + "; use a long random string, the same on every start of this machine");
    }
    if (secret.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw new IllegalArgumentException("ownerSecret must not contain spaces or control characters");
    }
    return secret;
  }

  static URI endpoint(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    String scheme = endpoint.getScheme();
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new IllegalArgumentException(
          "endpoint must be a ws:// or wss:// URI, was " + endpoint + ". Use the address the relay printed.");
    }
    return endpoint;
  }

  /** A duration that bounds something, so it must be longer than zero. */
  static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name + " == null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  /** A duration where zero turns the behaviour off. */
  static Duration notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name + " == null");
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, or zero to turn it off; was " + d);
    }
    return d;
  }

  /**
   * Adds {@code values} to {@code to}, each checked by the rules of names ({@code what}: "name" or "group"); an
   * IllegalArgumentException names the option and the rule broken.
   */
  static void addNames(Set<String> to, String[] values, String option, String what) {
    Objects.requireNonNull(values, option + " == null");
    for (String value : values) {
      Objects.requireNonNull(value, option + " contains null");
      String problem = Names.problem(value, what);
      if (problem != null) {
        throw new IllegalArgumentException(option + ": " + problem);
      }
      to.add(value);
    }
  }

  /** A count or size with a smallest sensible value. */
  static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
    return value;
  }
}
