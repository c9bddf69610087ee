package dev.monologue.spring;

import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Spring Boot 4's health of the client: UP while connected, DOWN while reconnecting, disconnected or closed. */
final class MonologueHealthIndicator implements HealthIndicator {
  private final MonologueConnectionState state;

  MonologueHealthIndicator(MonologueConnectionState state) {
    this.state = Objects.requireNonNull(state, "state == null");
  }

  @Override
  public Health health() {
    Health.Builder health = state.state() == MonologueConnectionState.State.CONNECTED ? Health.up() : Health.down();
    return health.withDetails(state.details()).build();
  }
}
