package dev.monologue.relay;

import java.util.Map;

/**
 * What a relay does with the events of its socket front: route them itself (the default, a
 * {@link dev.monologue.relay.core.Router}), or hand them to something else, such as the AWS Lambda handler in an
 * API Gateway stand-in. Create one with a {@code Function<RelayConnections, RelayBackend>} given to
 * {@link LocalRelay.Builder#backend}; the function receives the front's connections to send through.
 *
 * <p>Callbacks run on the socket's selector thread, the one thread that reads and writes every connection (or, on
 * a Java-WebSocket where the relay cannot decode there, on its decoder thread): never block in them; hand slow
 * work to a thread of your own, as the API Gateway stand-in hands each invocation to its function's threads. An
 * exception thrown from a callback is logged and does not affect other connections.
 */
public interface RelayBackend {
  /** Connection {@code id} completed its handshake; {@code headers} has lower-case names. */
  void onConnect(String id, Map<String, String> headers);

  /**
   * Connection {@code id} sent a text message. Binary frames and oversized messages never get here: the front
   * closes their connection, with 1003 and 1009, as API Gateway does.
   */
  void onText(String id, String frame);

  /** Connection {@code id} is closed, for whatever reason. */
  void onDisconnect(String id);

  /**
   * Connection {@code id} is closed with WebSocket close {@code code} (1000 normal, 1001 going away, 1006 dropped
   * without a close frame, 1009 too big, ...) and {@code reason} (empty when none), as API Gateway's
   * {@code $disconnect} reports them; the front calls this one. By default, {@link #onDisconnect(String)}.
   */
  default void onDisconnect(String id, int code, String reason) {
    onDisconnect(id);
  }
}
