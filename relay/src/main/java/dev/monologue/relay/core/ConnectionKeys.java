package dev.monologue.relay.core;

import java.util.Optional;

/**
 * The API key each connection connected with, where the relay knows it: the local relay knows every open
 * connection's; on AWS only a message's sender is known (from its event), so {@link #UNKNOWN} is used there.
 */
@FunctionalInterface
public interface ConnectionKeys {
  /** A relay that cannot tell which key another connection used. */
  ConnectionKeys UNKNOWN = id -> Optional.empty();

  /**
   * The ID of the API key {@code connectionId} connected with ({@code ""} when it connected without one); empty
   * when this relay cannot tell or the connection is not open.
   */
  Optional<String> keyIdOf(String connectionId);
}
