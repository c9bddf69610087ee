package dev.monologue.wire;

/**
 * The relay's report of a {@code sendall} to its sender (docs/protocol.md, "Names and groups"):
 * {@code {"type":"FANOUT","token":K,"ret":{"group":G,"delivered":[{"id":..}],"failed":[{"id":..,"code":..}]}}}.
 */
public final class FanOutReport {
  /** The report's payload {@code type}. */
  public static final String TYPE = PayloadType.FANOUT.wire();

  private FanOutReport() {}
}
