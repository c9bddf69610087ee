package dev.monologue.cli;

import dev.monologue.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;

/**
 * The help of the flags that set a client {@link Setting}, written from that table: what it does, where it comes
 * from when the flag is not given, and its default. A flag names its setting with
 * {@code descriptionKey = KEY_PREFIX + key}; no other option's name starts so, so no other help is touched.
 */
final class SettingHelp extends ListResourceBundle {
  static final String KEY_PREFIX = "setting.";

  @Override
  protected Object[][] getContents() {
    List<Object[]> contents = new ArrayList<>();
    for (Setting s : Setting.all()) {
      contents.add(new Object[] {KEY_PREFIX + s.key(), help(s)});
    }
    return contents.toArray(Object[][]::new);
  }

  private static String help(Setting s) {
    StringBuilder text = new StringBuilder(s.description());
    if (s.defaultValue() instanceof Duration) {
      text.append(" Milliseconds or ISO-8601 such as PT5S.");
    }
    text.append(" Default: $").append(s.environmentVariable()).append(", then .monologuerc");
    if (s.defaultValue() != null) {
      text.append(", then ").append(s.defaultValue());
    }
    text.append('.');
    if (s.key().equals("apiKey")) {
      text.append(" Prefer those: a command line is visible to the machine's other users.");
    }
    return text.toString();
  }
}
