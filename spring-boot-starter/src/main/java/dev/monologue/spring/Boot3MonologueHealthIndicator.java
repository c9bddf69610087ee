package dev.monologue.spring;

import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Spring Boot 3's health of the client, as {@link MonologueHealthIndicator} is Boot 4's. */
final class Boot3MonologueHealthIndicator implements HealthIndicator {
  private final MonologueConnectionState state;

  Boot3MonologueHealthIndicator(MonologueConnectionState state) {
    this.state = Objects.requireNonNull(state, "state == null");
  }

  @Override
  public Health health() {
    Health.Builder health = state.state() == MonologueConnectionState.State.CONNECTED ? Health.up() : Health.down();
    return health.withDetails(state.details()).build();
  }
}
