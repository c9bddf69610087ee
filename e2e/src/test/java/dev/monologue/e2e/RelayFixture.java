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

  /** Stops the relay, closing every connection. Idempotent. */
  @Override
  void close();
}
