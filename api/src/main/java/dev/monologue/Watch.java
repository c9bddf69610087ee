package dev.monologue;

/**
 * A watch of a name or a group, from {@link Monologue#watchName} or {@link Monologue#watchGroup}: its listener is told
 * of changes until it is closed (or the client is). Kept across reconnects.
 */
public interface Watch extends AutoCloseable {
  /** The name or group watched. */
  String topic();

  /** Whether {@link #topic()} is a group (else a name). */
  boolean group();

  /** Stops telling the listener; the relay stops reporting once no watch of the topic is left. Idempotent. */
  @Override
  void close();
}
