package dev.monologue.wire;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The grammar of names and group names (docs/protocol.md, "Names and groups"). A name is 1 to 64 characters of
 * {@code a-z 0-9 . _ -} starting with a letter. On the wire a name travels in a field of its own ({@code name}),
 * never in {@code to}, which is always a connection ID, so no name is refused for looking like one. Relays issue no
 * connection ID that is a valid name (API Gateway's end in {@code =}; the local relay draws again the rare one that
 * would be), so a client may take a string that is a valid name for a name.
 */
public final class Names {
  /** The longest name or group name, in characters. */
  public static final int MAX_LENGTH = 64;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]*");

  private Names() {}

  /** Whether {@code s} is a valid name (or group name). */
  public static boolean isName(String s) {
    return problem(s, "name") == null;
  }

  /**
   * What is wrong with {@code s} as a name or group name ({@code what} says which, for the message), or null when
   * it is valid. The message names the rule and the fix.
   */
  public static String problem(String s, String what) {
    Objects.requireNonNull(what, "what == null");
    if (s == null || s.isEmpty()) {
      return what + " is empty; use 1 to " + MAX_LENGTH + " characters of a-z, 0-9, '.', '_', '-'";
    }
    if (s.length() > MAX_LENGTH) {
      return what + " '" + s.substring(0, MAX_LENGTH) + "...' is " + s.length() + " characters long; at most "
          + MAX_LENGTH + " are allowed";
    }
    if (s.charAt(0) == '$') {
      return what + " '" + s + "' starts with '$', which is reserved for the relay's own senders ($relay, $queue)";
    }
    if (!NAME.matcher(s).matches()) {
      return what + " '" + s + "' must start with a lower-case letter and hold only a-z, 0-9, '.', '_', '-'";
    }
    return null;
  }
}
