package dev.monologue.spring;

import dev.monologue.ConnectionListener;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the application's client stands with its relay, as the health indicator reports it: told by the client's
 * {@link ConnectionListener} of drops and reconnects, and by the lifecycle of the first connection and the close.
 */
public final class MonologueConnectionState {

  /** The client's state. Only {@link #CONNECTED} is healthy. */
  public enum State {
    /** Not started yet, or connecting for the first time. */
    STARTING,
    CONNECTED,
    /** The connection dropped; the client is reconnecting on its own. */
    RECONNECTING,
    /** The client gave up reconnecting (its reconnect policy's attempts ran out, or reconnecting is off). */
    DISCONNECTED,
    CLOSED
  }

  private record Snapshot(State state, String id, Instant since, Throwable lastError) {}

  private final Clock clock;
  private volatile Snapshot now;
  private final ConnectionListener listener = new ConnectionListener() {
    @Override
    public void onDisconnected(String oldId, Throwable reason) {
      move(State.RECONNECTING, null, reason);
    }

    @Override
    public void onReconnected(String oldId, String newId) {
      move(State.CONNECTED, newId, null);
    }

    @Override
    public void onReconnectFailed(String oldId, int attempts, Throwable lastError) {
      move(State.DISCONNECTED, null, lastError);
    }
  };

  MonologueConnectionState(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.now = new Snapshot(State.STARTING, null, clock.instant(), null);
  }

  /** The state now. */
  public State state() {
    return now.state();
  }

  ConnectionListener listener() {
    return listener;
  }

  void connected(String id) {
    move(State.CONNECTED, id, null);
  }

  void closed() {
    move(State.CLOSED, null, null);
  }

  /** What health reports besides up or down: the state, since when, the connection ID or the last error. */
  Map<String, Object> details() {
    Snapshot s = now;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
    details.put("since", s.since().toString());
    if (s.id() != null) {
      details.put("id", s.id());
    }
    if (s.lastError() != null) {
      details.put("lastError", String.valueOf(s.lastError().getMessage()));
    }
    return details;
  }

  private synchronized void move(State state, String id, Throwable error) {
    if (now.state() == State.CLOSED) {
      return; // a listener call that races the close does not bring a closed client back
    }
    now = new Snapshot(state, id, clock.instant(), error);
  }
}
