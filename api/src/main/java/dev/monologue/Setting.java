package dev.monologue;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An option of {@link MonologueOptions} that is set by name from text: from a {@code MONOLOGUE_<NAME>} variable or a
 * {@code .monologuerc} key by {@link Monologue#create(MonologueOptions)}, and from the Spring starter's
 * {@code monologue.*} properties and the command line's flags through {@link #applyTo}. Each setting's name, what it
 * does and its default are written once, in this table, and every one of those reads them from here.
 */
public final class Setting {
  private final SettableOption option;

  private Setting(SettableOption option) {
    this.option = option;
  }

  /** Every setting, in a stable order; the reconnect policy's parts last. */
  public static List<Setting> all() {
    return Arrays.stream(SettableOption.values()).map(Setting::new).toList();
  }

  /** The setting whose {@link #key()} is {@code key}; an {@link IllegalArgumentException} lists them for another. */
  public static Setting named(String key) {
    Objects.requireNonNull(key, "key == null");
    for (SettableOption o : SettableOption.values()) {
      if (o.key().equals(key)) {
        return new Setting(o);
      }
    }
    throw new IllegalArgumentException("No setting is named '" + key + "'. The settings: "
        + all().stream().map(Setting::key).toList());
  }

  /** The builder's name for it, which is also its key in {@code .monologuerc}: {@code connectTimeout}. */
  public String key() {
    return option.key();
  }

  /** Its environment variable: {@code MONOLOGUE_CONNECT_TIMEOUT}. */
  public String environmentVariable() {
    return option.environmentVariable();
  }

  /** What it does, in a sentence. */
  public String description() {
    return option.description();
  }

  /**
   * The client's value when nothing sets it ({@code Duration}, {@code Integer}, {@code Double} or {@code Boolean}),
   * or null when there is none to show (the endpoint, the key; the connect timeout, which is the timeout).
   */
  public Object defaultValue() {
    return option.defaultValue();
  }

  /** Whether it is one of the reconnect policy's parts, which only the environment and rc files set by name. */
  public boolean partOfReconnectPolicy() {
    return option.partOfReconnectPolicy();
  }

  /**
   * Sets it on {@code options} from its text, as the environment gives it: durations as milliseconds or ISO-8601
   * ({@code PT15S}). An {@link IllegalArgumentException} for a value it refuses begins with {@code where}, the name
   * the user set it under ({@code monologue.timeout}, {@code --timeout}).
   */
  public void applyTo(MonologueOptions.Builder options, String value, String where) {
    Objects.requireNonNull(options, "options == null");
    Objects.requireNonNull(value, "value == null");
    Objects.requireNonNull(where, "where == null");
    if (option.partOfReconnectPolicy()) {
      throw new IllegalArgumentException(where + ": " + key() + " is part of the reconnect policy; set"
          + " MonologueOptions.Builder.reconnectPolicy instead");
    }
    option.apply(options, value, where);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Setting s && s.option == option;
  }

  @Override
  public int hashCode() {
    return option.hashCode();
  }

  @Override
  public String toString() {
    return key();
  }
}
