package dev.monologue.wire;

/**
 * One frame of the protocol as {@link FrameReader} read it, in either direction: a client's frame to the relay
 * ({@code action}, {@code to} or {@code name}, the name fields, the payload's bounds as character offsets so the
 * relay can copy it verbatim) and a delivered frame ({@code from}, the payload's fields). What the reader found
 * wrong is text ({@link #problem()}), never an exception. Written only by the reader; read-only after.
 */
public final class Frame {
  /** The payload fields whose values a {@link FrameReader.PayloadValues} reads (as trees, or bound to a type). */
  public enum Value {
    /** A REQ's {@code args}. */
    ARGS,
    /** An ERR's {@code error}. */
    ERROR,
    /** An ACK's {@code ret}. */
    RET,
    /** The call context's {@link CallFields#METADATA}. */
    METADATA
  }

  /** A deadline further away than a day is taken as a day: the callee keeps no timer longer. */
  public static final long MAX_DEADLINE_MILLIS = 24L * 60 * 60 * 1000;

  String problem;
  String nameFieldProblem;
  String toProblem;
  boolean irregular;

  String action;
  String to;
  String from;
  String name;
  String group;
  String key;
  boolean takeover;
  boolean sawAction;
  boolean sawTo;
  boolean sawFrom;
  boolean sawPayload;
  int payloadStart = -1;
  int payloadEnd = -1;

  String type;
  String token;
  String method;
  boolean versionMarked;
  boolean versioned;
  long deadlineMillis = -1;
  boolean cancel;
  Object args;
  Object error;
  Object ret;
  Object metadata;

  Frame() {}

  /**
   * What makes the frame unroutable (not one JSON object, a field the relay reads twice or of the wrong kind, a
   * payload that is not an object), in words for a {@code MALFORMED_FRAME} error; null when there is none.
   */
  public String problem() {
    return problem;
  }

  /** A problem with the fields only name actions read ({@code name}, {@code group}, {@code key}, {@code takeover}). */
  public String nameFieldProblem() {
    return nameFieldProblem;
  }

  /** A {@code to} that is not a string, in words; null when there is none. */
  public String toProblem() {
    return toProblem;
  }

  /**
   * Whether a field this pass reads came twice, or a payload field of an unexpected kind: a reader that must agree
   * with a tree's reading (the last of two fields wins there) reads such a frame again as a tree.
   */
  public boolean irregular() {
    return irregular;
  }

  /** The {@code action}, or null. */
  public String action() {
    return action;
  }

  /** The {@code to}, if a string, or null. */
  public String to() {
    return to;
  }

  /** Whether the frame has a {@code to} at all (of any kind). */
  public boolean sawTo() {
    return sawTo;
  }

  /** The first {@code from}, if a string, or null. */
  public String from() {
    return from;
  }

  /** Whether a {@code from} came before the payload. */
  public boolean sawFrom() {
    return sawFrom;
  }

  /** The top-level {@code name} (a target or claimed name), or null. */
  public String name() {
    return name;
  }

  /** The top-level {@code group}, or null. */
  public String group() {
    return group;
  }

  /** A claim's owner secret, or null. */
  public String key() {
    return key;
  }

  /** A claim's {@code takeover}. */
  public boolean takeover() {
    return takeover;
  }

  /** Whether the frame has an object payload. */
  public boolean hasPayload() {
    return payloadStart >= 0;
  }

  /** Where the payload's JSON text starts in the frame (character offset), or -1. */
  public int payloadStart() {
    return payloadStart;
  }

  /** Where the payload's JSON text ends in the frame (exclusive character offset), or -1. */
  public int payloadEnd() {
    return payloadEnd;
  }

  /** The payload's first string {@code type}, or null. */
  public String type() {
    return type;
  }

  /** The payload's type, or null when it is none this version knows. */
  public PayloadType payloadType() {
    return PayloadType.fromWire(type);
  }

  /** The payload's first string {@code token}, or null. */
  public String token() {
    return token;
  }

  /** A REQ's method {@code name} (the payload's), or null. */
  public String method() {
    return method;
  }

  /** Whether the payload has the version field of Java clients ({@link ClientFrames#VERSION_FIELD}) at all. */
  public boolean versionMarked() {
    return versionMarked;
  }

  /** Whether the payload's version is a whole number of at least {@link ClientFrames#VERSION}. */
  public boolean versioned() {
    return versioned;
  }

  /** An ACK, or a REQ without the version marker: what a client of the original JavaScript Monologue sends. */
  public boolean mayComeFromOriginalClient() {
    return PayloadType.ACK.wire().equals(type) || (PayloadType.REQ.wire().equals(type) && !versionMarked);
  }

  /** The caller's time left ({@link CallFields#DEADLINE}) in milliseconds, capped at a day; -1 when none. */
  public long deadlineMillis() {
    return deadlineMillis;
  }

  /** Whether it is an ACK that cancels a call ({@link CallFields#CANCEL}). */
  public boolean cancel() {
    return cancel;
  }

  /** The value a {@link FrameReader.PayloadValues} read for {@code v}, or null (absent, or read without one). */
  public Object value(Value v) {
    switch (v) {
      case ARGS:
        return args;
      case ERROR:
        return error;
      case RET:
        return ret;
      default:
        return metadata;
    }
  }

  /** A deadline field's milliseconds: -1 when absent or not a whole number of at least 0; capped at a day. */
  public static long deadline(Number n) {
    if (n == null || n.doubleValue() < 0) {
      return -1;
    }
    // a BigInteger beyond a long is far away too
    return n.doubleValue() >= MAX_DEADLINE_MILLIS ? MAX_DEADLINE_MILLIS : n.longValue();
  }
}
