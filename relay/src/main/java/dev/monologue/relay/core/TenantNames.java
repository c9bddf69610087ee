package dev.monologue.relay.core;

import java.util.List;

/**
 * Where a tenant's names and groups live in the {@link NameRegistry}: under {@code tenant/name}. A name cannot
 * contain {@code /} (docs/protocol.md), so no tenant's entry can be another tenant's, nor one of the shared space,
 * whose entries are the bare names.
 */
final class TenantNames {
  private static final char SEPARATOR = '/';

  private TenantNames() {}

  /** The registry's entry for {@code name} of {@code tenant} (null: the shared space). */
  static String key(String tenant, String name) {
    return tenant == null ? name : tenant + SEPARATOR + name;
  }

  /** The name as its tenant's connections see it: the registry entry without its tenant. */
  static String local(String key) {
    int i = key.indexOf(SEPARATOR);
    return i < 0 ? key : key.substring(i + 1);
  }

  /** {@code members} with each member's names as its tenant sees them. */
  static List<NameRegistry.Member> local(List<NameRegistry.Member> members) {
    return members.stream()
        .map(m -> new NameRegistry.Member(m.id(), m.names().stream().map(TenantNames::local).toList()))
        .toList();
  }
}
