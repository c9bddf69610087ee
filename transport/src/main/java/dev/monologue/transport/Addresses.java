package dev.monologue.transport;

import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.Fields;
import dev.monologue.wire.Names;

/**
 * The three kinds of address a call goes to: a connection ID ({@code "to"} on the wire), a name ({@code "name"},
 * resolved by the relay to its holder) and, for {@code callAny}, a group, written {@code @group} inside this client
 * only (on the wire it is {@code {"action":"sendany","group":G}}; {@code call} refuses it). A string that is a valid
 * name is a name: relays issue no connection ID that is one (wire {@link Names}).
 */
final class Addresses {
  private static final String ANY = "@";
  private static final String SEND_PREFIX = ClientFrames.SEND_TO_PREFIX;
  private static final String NAME_PREFIX = ClientFrames.SEND_TO_NAME_PREFIX;
  private static final String ANY_PREFIX = ClientFrames.SEND_ANY_PREFIX;
  private static final String ALL_PREFIX = ClientFrames.SEND_ALL_PREFIX;

  private Addresses() {}

  /** The address of one live member of {@code group}. */
  static String anyOf(String group) {
    String problem = Names.problem(group, Fields.GROUP);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return ANY + group;
  }

  /**
   * {@code to} as a user gave it to {@code call} or {@code stub} for {@code method}: a connection ID or a name.
   *
   * @throws IllegalArgumentException for a group written {@code @group}, which only {@code callAny} addresses
   */
  static String peer(String to, String method) {
    if (to.startsWith(ANY)) {
      throw new IllegalArgumentException("'" + to + "' is not a connection ID or a name, for " + method + ": to call"
          + " one member of group '" + to.substring(ANY.length()) + "' use callAny (or stubAny), for all of them"
          + " callAll");
    }
    return to;
  }

  static boolean isGroup(String peer) {
    return peer.startsWith(ANY);
  }

  /** Whether {@code peer} is a name, which the relay resolves to its holder. */
  static boolean isName(String peer) {
    return Names.isName(peer);
  }

  /**
   * Whether a reply to a call to {@code peer} may come from any connection: true for names and groups, whose
   * answering connection the caller cannot know in advance (the call's token alone matches the reply).
   */
  static boolean answeredByAnyone(String peer) {
    return isGroup(peer) || isName(peer);
  }

  /**
   * The frame to send for a request written as a {@code sendmessage} to {@code peer}: for a name, its target in
   * {@code "name"}; for a group, the same frame as {@code sendany}. Names and group names need no JSON escaping, so
   * the prefixes are exact.
   */
  static String route(String peer, String frame) {
    if (isGroup(peer)) {
      return rewrite(frame, SEND_PREFIX + ANY, ANY_PREFIX);
    }
    return isName(peer) ? rewrite(frame, SEND_PREFIX, NAME_PREFIX) : frame;
  }

  /** The {@code sendall} frame of a request written as a {@code sendmessage} to {@link #anyOf} a group. */
  static String toAll(String frame) {
    return rewrite(frame, SEND_PREFIX + ANY, ALL_PREFIX);
  }

  /**
   * The frame that tells the callee of a call to {@code peer} that it is cancelled, from {@code frame} written as a
   * {@code sendmessage} to {@code peer}: to a name, its holder; to a group ({@code callAny}, {@code callAll}), every
   * member, as the caller does not know which one took a {@code callAny}: each member drops a cancel for a call it
   * does not serve.
   */
  static String cancelRoute(String peer, String frame) {
    return isGroup(peer) ? toAll(frame) : route(peer, frame);
  }

  private static String rewrite(String frame, String from, String prefix) {
    if (!frame.startsWith(from)) {
      throw new IllegalStateException("unexpected request frame start: " + frame.substring(0, 40));
    }
    return prefix + frame.substring(from.length());
  }
}
