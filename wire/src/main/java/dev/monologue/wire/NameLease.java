package dev.monologue.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a name outlives its holder's silence (docs/protocol.md, "Leases"). A holder the relay has not heard from
 * for longer than the lease (a link that died without a close, a machine that froze) loses its names and leaves its
 * groups: a call to one of its names fails with {@code PEER_GONE}, another machine may claim it, and group calls no
 * longer reach it. The relay tells each claimant and member its lease in the ACK of its claim or join, and a client
 * that holds names or is in groups keeps alive well within it.
 */
public final class NameLease {
  /** The lease both relays default to. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);
  /** The field of a claim's or join's ACK {@code ret} that carries the relay's lease in milliseconds. */
  public static final String ACK_FIELD = "leaseMillis";
  /** How many keep-alives a holder sends per lease, at least: one lost or late one does not cost its names. */
  private static final int KEEP_ALIVES_PER_LEASE = 3;

  private NameLease() {}

  /** The longest a client holding names may stay silent under {@code lease}: a third of it. */
  public static Duration keepAliveWithin(Duration lease) {
    Objects.requireNonNull(lease, "lease == null");
    return lease.dividedBy(KEEP_ALIVES_PER_LEASE);
  }
}
