package dev.monologue.wire;

/**
 * The field names of the protocol's frames (docs/protocol.md), the one place each is written: the readers and
 * writers of {@code wire} use them, and so does code elsewhere that reads a payload's tree or writes a reply's
 * result.
 */
public final class Fields {
  /** A client frame's action ({@link Action}), which the relay routes on. */
  public static final String ACTION = "action";
  /** A connection ID: a client frame's target, a delivered frame's recipient. */
  public static final String TO = "to";
  /** A delivered frame's sender: a connection ID or a {@link ReservedSenders reserved sender}. */
  public static final String FROM = "from";
  /** The message itself: a JSON object the relay passes on verbatim. */
  public static final String PAYLOAD = "payload";
  /** A client frame's target name, a claim's name, an event's name, or a REQ's method name. */
  public static final String NAME = "name";
  /** A group's name, in a client frame, an answer or an event. */
  public static final String GROUP = "group";
  /** A claim's owner secret. */
  public static final String KEY = "key";
  /** A claim's request to take a name over from another owner. */
  public static final String TAKEOVER = "takeover";

  /** A payload's kind ({@link PayloadType}). */
  public static final String TYPE = "type";
  /** A payload's token, which ties an answer to its request. */
  public static final String TOKEN = "token";
  /** A REQ's arguments, an array. */
  public static final String ARGS = "args";
  /** An ACK's result (or a relay answer's). */
  public static final String RET = "ret";
  /** An ERR's error object. */
  public static final String ERROR = "error";
  /** An error's code ({@link ErrorCode}), or a failed fan-out member's. */
  public static final String CODE = "code";
  /** An error's message. */
  public static final String MESSAGE = "message";
  /** Who sent an error: {@link #SOURCE_RELAY} for the relay's. */
  public static final String SOURCE = "source";
  /** The value of {@link #SOURCE} in the relay's errors. */
  public static final String SOURCE_RELAY = "relay";
  /** The class name of the exception a remote handler threw, in its ERR. */
  public static final String REMOTE_TYPE = "remoteType";
  /** In a NAME_TAKEN error: how long the holder has held the name, in milliseconds. */
  public static final String HELD_FOR_MILLIS = "heldForMillis";

  /** A connection ID in a relay answer, an event or a keep-alive answer. */
  public static final String ID = "id";
  /** An event's kind ({@link RelayEvent}). */
  public static final String EVENT = "event";
  /** The members of a group, in a {@code members} or {@code watch} answer. */
  public static final String MEMBERS = "members";
  /** The names a member holds. */
  public static final String NAMES = "names";
  /** A fan-out report's members reached. */
  public static final String DELIVERED = "delivered";
  /** A fan-out report's members not reached. */
  public static final String FAILED = "failed";
  /** A claim's answer: whether the name was taken over from another connection. */
  public static final String TOOK_OVER = "tookOver";
  /** A join's or leave's answer: whether the membership changed. */
  public static final String CHANGED = "changed";
  /** A probe's answer: whether the target is connected. */
  public static final String CONNECTED = "connected";
  /** A keep-alive answer's time, epoch milliseconds. */
  public static final String AT = "at";

  private Fields() {}
}
