package dev.monologue.wire;

/**
 * The fields a call's context adds to the RPC payloads (docs/protocol.md, "Call context"). Every REQ of a Java client
 * carries its deadline; metadata and trailers are written only when there are some, the cancel only for a cancel.
 */
public final class CallFields {
  /**
   * In every REQ a Java client sends: the caller's remaining time in whole milliseconds when it sent the request (a
   * number, at least 0); a plain call's is its client's timeout.
   */
  public static final String DEADLINE = "dl";
  /** In a REQ (the request's metadata) or an ACK or ERR (the reply's trailers): an object of string values. */
  public static final String METADATA = "md";
  /**
   * In an ACK a caller sends to its callee: the call with this token is cancelled. It is written as an ACK because
   * every client, the original JavaScript ones included, ignores an ACK whose token it is not waiting for (late
   * replies after a timeout are routine), while an unknown payload type ends an original client.
   */
  public static final String CANCEL = "cancel";

  private CallFields() {}
}
