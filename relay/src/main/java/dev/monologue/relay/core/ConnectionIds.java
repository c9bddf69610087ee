package dev.monologue.relay.core;

import java.util.regex.Pattern;

/**
 * What a {@code to} that is no name must look like to be a connection ID, checked before any delivery is tried:
 * base64 (API Gateway's IDs, such as {@code L0SM9cOFvHcCIhw=}) or base64url (the local relay's), at most
 * {@value #MAX_LENGTH} characters. A {@code to} of any other shape can reach no connection; on AWS it would cost a
 * management API call that API Gateway answers 400.
 */
public final class ConnectionIds {
  /** The longest connection ID accepted; API Gateway's are 16 characters, the local relay's 22. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9+/=_-]+");

  private ConnectionIds() {}

  /** What is wrong with {@code to} as a connection ID, or null when it can be one. The message names the fix. */
  public static String problem(String to) {
    if (to == null || to.isEmpty()) {
      return "'to' is empty; set it to the target's connection ID or name";
    }
    if (to.length() > MAX_LENGTH) {
      return "'to' is " + to.length() + " characters long; a connection ID has at most " + MAX_LENGTH;
    }
    if (!ALPHABET.matcher(to).matches()) {
      return "'to' holds characters no connection ID has (IDs are base64: A-Z a-z 0-9 + / = _ -), and it is"
          + " not a valid name either";
    }
    return null;
  }
}
