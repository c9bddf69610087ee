package dev.monologue.wire;

import java.time.Duration;

/** The protocol's limits, API Gateway's own; the client and the relay default to them. */
public final class Limits {
  /** The largest message, in UTF-8 bytes: 128 KB, API Gateway's limit. */
  public static final int MAX_MESSAGE_BYTES = 128 * 1024;
  /** The largest single WebSocket frame, in bytes: 32 KB; longer messages go out as fragments. */
  public static final int MAX_FRAME_BYTES = 32 * 1024;
  /** The longest owner secret (a claim's {@code key}), in characters. */
  public static final int MAX_OWNER_SECRET_CHARS = 256;
  /** The shortest owner secret a client accepts, in characters: a secret that short could be guessed. */
  public static final int MIN_OWNER_SECRET_CHARS = 16;
  /**
   * The largest metadata block of one request or reply: the UTF-8 bytes of its keys and values together. A block
   * over it is refused before anything is sent.
   */
  public static final int MAX_METADATA_BYTES = 8 * 1024;
  /** The most entries in one metadata block. */
  public static final int MAX_METADATA_ENTRIES = 64;
  /** A connection that received no message for this long is closed (1001, {@code idle timeout}). */
  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
  /** A connection open this long is closed (1001, {@code connection duration exceeded}). */
  public static final Duration MAX_CONNECTION_DURATION = Duration.ofHours(2);

  private Limits() {}
}
