package dev.monologue.relay.core;

import java.util.List;
import java.util.Objects;

/**
 * The registry of a relay that cannot keep names (an AWS relay deployed without its table): every name action is
 * answered with NAMES_UNAVAILABLE and the reason; connections hold nothing, so forgetting one is a no-op.
 */
final class UnavailableNameRegistry implements NameRegistry {
  private final String reason;

  UnavailableNameRegistry(String reason) {
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  private UnsupportedOperationException unavailable() {
    return new UnsupportedOperationException(reason);
  }

  @Override
  public ClaimOutcome claim(String name, String connectionId, String keyHash, boolean takeover) {
    throw unavailable();
  }

  @Override
  public boolean release(String name, String connectionId) {
    throw unavailable();
  }

  @Override
  public String holder(String name) {
    throw unavailable();
  }

  @Override
  public boolean join(String group, String connectionId) {
    throw unavailable();
  }

  @Override
  public boolean leave(String group, String connectionId) {
    throw unavailable();
  }

  @Override
  public List<Member> members(String group) {
    throw unavailable();
  }

  @Override
  public void watch(String topic, String connectionId) {
    throw unavailable();
  }

  @Override
  public boolean unwatch(String topic, String connectionId) {
    throw unavailable();
  }

  @Override
  public List<String> watchers(String topic) {
    return List.of();
  }

  @Override
  public Held remove(String connectionId) {
    return new Held(List.of(), List.of());
  }
}
