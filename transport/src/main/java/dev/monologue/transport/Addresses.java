package dev.monologue.transport;

import dev.monologue.wire.Action;
import dev.monologue.wire.Names;

/**
 * The three kinds of address a call goes to: a connection ID, a name (resolved by the relay to its holder) and, for
 * {@code callAny}, a group, written {@code @group} inside this client (never on the wire: there it is
 * {@code {"action":"sendany","group":G}}).
 */
final class Addresses {
  private static final String ANY = "@";
  private static final String SEND_PREFIX = "{\"action\":\"" + Action.SENDMESSAGE.wire() + "\",\"to\":\"" + ANY;
  private static final String ANY_PREFIX = "{\"action\":\"" + Action.SENDANY.wire() + "\",\"group\":\"";
  private static final String ALL_PREFIX = "{\"action\":\"" + Action.SENDALL.wire() + "\",\"group\":\"";

  private Addresses() {}

  /** The address of one live member of {@code group}. */
  static String anyOf(String group) {
    String problem = Names.problem(group, "group");
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return ANY + group;
  }

  static boolean isGroup(String peer) {
    return peer.startsWith(ANY);
  }

  /**
   * Whether a reply to a call to {@code peer} may come from any connection: true for names and groups, whose
   * answering connection the caller cannot know in advance (the call's token alone matches the reply).
   */
  static boolean answeredByAnyone(String peer) {
    return isGroup(peer) || Names.isName(peer);
  }

  /**
   * The frame to send for a request written as a {@code sendmessage} to {@code peer}: for a group, the same frame
   * as {@code sendany} (group names need no JSON escaping, so the prefix is exact).
   */
  static String route(String peer, String frame) {
    return isGroup(peer) ? rewrite(frame, ANY_PREFIX) : frame;
  }

  /** The {@code sendall} frame of a request written as a {@code sendmessage} to {@link #anyOf} a group. */
  static String toAll(String frame) {
    return rewrite(frame, ALL_PREFIX);
  }

  private static String rewrite(String frame, String prefix) {
    if (!frame.startsWith(SEND_PREFIX)) {
      throw new IllegalStateException("unexpected request frame start: " + frame.substring(0, 40));
    }
    return prefix + frame.substring(SEND_PREFIX.length());
  }
}
