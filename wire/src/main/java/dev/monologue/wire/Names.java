package dev.monologue.wire;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The grammar of names and group names, and the shape of connection IDs they can never take (docs/protocol.md,
 * "Names and groups"). A name is 1 to 64 characters of {@code a-z 0-9 . _ -} starting with a letter; a connection
 * ID is base64: API Gateway's end in {@code =} (which no name contains), the local relay's are 22 characters of
 * base64url, a length no name without a {@code .} may have. So a {@code to} is a name exactly when it is valid
 * here, and an ID otherwise.
 */
public final class Names {
  /** The longest name or group name, in characters. */
  public static final int MAX_LENGTH = 64;
  /** The length of the local relay's connection IDs (16 random bytes in unpadded base64url). */
  public static final int LOCAL_ID_LENGTH = 22;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]*");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

  private Names() {}

  /** Whether {@code s} is a valid name (or group name), and so no connection ID. */
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
    if (looksLikeConnectionId(s)) {
      return what + " '" + s + "' looks like a connection ID (" + LOCAL_ID_LENGTH + " characters of base64url);"
          + " add a '.' or change its length";
    }
    return null;
  }

  /** Whether {@code s} has the shape of a connection ID of API Gateway ({@code =} at the end) or the local relay. */
  public static boolean looksLikeConnectionId(String s) {
    return s.endsWith("=") || s.length() == LOCAL_ID_LENGTH && BASE64URL.matcher(s).matches();
  }
}
