package dev.monologue.relay.core;

import java.util.Optional;

/**
 * The API key each connection connected with, where the relay knows it: the local relay knows every open
 * connection's from its handshake; on AWS only a message's sender is known (from its event), so the relay function
 * records each connection's key from its first message ({@link #sent}) where other instances can read it. Only a
 * relay whose policy has tenants asks ({@link RelayPolicy#hasTenants}).
 */
@FunctionalInterface
public interface ConnectionKeys {
  /**
   * A relay that cannot tell which key another connection used: a message to a connection ID is then routed
   * whatever the target's tenant.
   */
  ConnectionKeys UNKNOWN = id -> Optional.empty();

  /**
   * The ID of the API key {@code connectionId} connected with ({@code ""} when it connected without one); empty
   * when this relay cannot tell or the connection is not open.
   */
  Optional<String> keyIdOf(String connectionId);

  /**
   * Connection {@code connectionId} sent a message with the API key whose ID is {@code keyId} (null: without one).
   * Keys that learn of connections from their messages (on AWS) record it here, once per connection; the default
   * learns nothing.
   */
  default void sent(String connectionId, String keyId) {}
}
