package dev.monologue.e2e;

import java.net.URI;

/** A running relay for the foundation suite: the local relay, or the API Gateway stand-in. */
public interface RelayFixture extends AutoCloseable {
  /** Where clients connect. */
  URI endpoint();

  /** Drops one client's connection as if its network went away; false when no such connection is open. */
  boolean disconnect(String connectionId);

  /** How many client connections are open now. */
  int connectionCount();

  /**
   * The API key clients must send, or null when the relay accepts the keys the suite asked for. A deployed relay
   * has its own.
   */
  default String apiKey() {
    return null;
  }

  /**
   * Whether the suite controls this relay: can drop connections, count them, close it and choose its keys. A
   * deployed relay is not controlled, and the tests that need control are skipped.
   */
  default boolean controlled() {
    return true;
  }

  /** Stops the relay, closing every connection. Idempotent. */
  @Override
  void close();
}
