package dev.monologue.wire;

/**
 * The SLF4J MDC keys of Monologue's log lines, the client's and the relay's (local and on Lambda) alike, so that one
 * logging pattern, such as Logback's {@code %X{connectionId}}, reads them all.
 */
public final class LogKeys {
  /** The ID of the connection a line is about, as the relay gave it. */
  public static final String CONNECTION_ID = "connectionId";

  private LogKeys() {}
}
