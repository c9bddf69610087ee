package dev.monologue.relay.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The local relay's registry against the contract every registry keeps. */
class InMemoryNameRegistryTest extends NameRegistryContract {
  @Override
  protected NameRegistry newRegistry(Clock clock) {
    return new InMemoryNameRegistry(clock);
  }

  @Override
  protected Optional<Duration> entryLifetime() {
    return Optional.empty(); // the local relay sees every disconnect
  }

  @Override
  protected MemberOrder memberOrder() {
    return MemberOrder.JOINED;
  }

  @Override
  protected boolean reclaimKeepsAge() {
    return true;
  }
}
