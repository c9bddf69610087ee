package dev.monologue.relay.core;

import dev.monologue.wire.Names;
import java.util.List;
import java.util.Objects;

/**
 * What the connections of one API key may do with names and groups: which names they may claim and which groups
 * they may join (patterns: {@code *} for any, {@code billing.*} for every name starting with {@code billing.},
 * {@code billing} for that name alone), whether they may take over names another owner holds, and the tenant they
 * belong to. Connections of different tenants do not see each other's connection IDs, names or groups; a key with
 * no tenant shares the space of every other key without one. Immutable; built with {@link #builder()}.
 */
public final class KeyPolicy {
  /** Any name, any group, no takeover of another owner's names, no tenant: what a relay allows by default. */
  public static final KeyPolicy DEFAULT = builder().build();

  private final List<String> claims;
  private final List<String> joins;
  private final boolean takeover;
  private final String tenant;

  private KeyPolicy(Builder b) {
    this.claims = List.copyOf(b.claims);
    this.joins = List.copyOf(b.joins);
    this.takeover = b.takeover;
    this.tenant = b.tenant;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether this key may claim {@code name}. */
  public boolean mayClaim(String name) {
    return matches(claims, name);
  }

  /** Whether this key may join {@code group}. */
  public boolean mayJoin(String group) {
    return matches(joins, group);
  }

  /** Whether this key may take over a name another owner holds. */
  public boolean mayTakeOver() {
    return takeover;
  }

  /** The tenant this key belongs to, or null for the shared space. */
  public String tenant() {
    return tenant;
  }

  /** The claim patterns, as given. */
  public List<String> claims() {
    return claims;
  }

  /** The join patterns, as given. */
  public List<String> joins() {
    return joins;
  }

  private static boolean matches(List<String> patterns, String value) {
    for (String p : patterns) {
      if (p.equals("*") || p.equals(value)
          || (p.endsWith("*") && value.startsWith(p.substring(0, p.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPolicy k && claims.equals(k.claims) && joins.equals(k.joins) && takeover == k.takeover
        && Objects.equals(tenant, k.tenant);
  }

  @Override
  public int hashCode() {
    return Objects.hash(claims, joins, takeover, tenant);
  }

  @Override
  public String toString() {
    return "KeyPolicy{claims=" + claims + ", joins=" + joins + ", takeover=" + takeover
        + (tenant == null ? "" : ", tenant=" + tenant) + "}";
  }

  /** Options of a {@link KeyPolicy}; by default any name and group, no takeover, no tenant. */
  public static final class Builder {
    private List<String> claims = List.of("*");
    private List<String> joins = List.of("*");
    private boolean takeover;
    private String tenant;

    private Builder() {}

    /** The names this key may claim: patterns {@code *}, {@code prefix*} or a whole name; none: no claim at all. */
    public Builder claims(List<String> patterns) {
      this.claims = checked(patterns, "claims");
      return this;
    }

    /** The groups this key may join: patterns {@code *}, {@code prefix*} or a whole name; none: no group at all. */
    public Builder joins(List<String> patterns) {
      this.joins = checked(patterns, "joins");
      return this;
    }

    /** Whether this key may take over names another owner holds; default false. */
    public Builder takeover(boolean takeover) {
      this.takeover = takeover;
      return this;
    }

    /**
     * The tenant this key belongs to: a name (as names go: {@code a-z0-9._-}, starting with a letter); null (the
     * default) for the shared space.
     */
    public Builder tenant(String tenant) {
      if (tenant != null) {
        String problem = Names.problem(tenant, "tenant");
        if (problem != null) {
          throw new IllegalArgumentException(problem);
        }
      }
      this.tenant = tenant;
      return this;
    }

    public KeyPolicy build() {
      return new KeyPolicy(this);
    }

    private static List<String> checked(List<String> patterns, String what) {
      Objects.requireNonNull(patterns, what + " == null");
      for (String p : patterns) {
        Objects.requireNonNull(p, what + " has a null pattern");
        if (p.equals("*")) {
          continue;
        }
        String stem = p.endsWith("*") ? p.substring(0, p.length() - 1) : p;
        boolean ok = !stem.isEmpty() && !stem.contains("*") && stem.chars().allMatch(c ->
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')
            && stem.charAt(0) >= 'a' && stem.charAt(0) <= 'z';
        if (!ok) {
          throw new IllegalArgumentException(what + " pattern '" + p + "' is not '*', a name, or a name's start"
              + " followed by '*' (such as 'billing.*')");
        }
      }
      return List.copyOf(patterns);
    }
  }
}
