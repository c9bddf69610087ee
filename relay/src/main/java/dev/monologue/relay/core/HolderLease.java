package dev.monologue.relay.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a name's holder still holds it: a holder that sent the relay nothing for longer than the lease (a
 * link that died without a close, so no disconnect came) has lost it. Asked each time a name is resolved or refused
 * to a claimant. A holder found live is remembered as fresh until its lease could run out at the earliest, so a
 * gateway whose answer costs a round trip (API Gateway's {@code GET @connections}) is asked about a busy holder about
 * once a lease, not once a call.
 */
final class HolderLease {
  private static final Logger log = LoggerFactory.getLogger(HolderLease.class);
  /** Holders remembered as fresh at most; the least recently asked about are forgotten (and asked about again). */
  private static final int REMEMBERED = 4096;

  private final ConnectionGateway gateway;
  private final Duration lease;
  /** Holder ID → System.nanoTime() until which it is live without asking; access order, bounded. */
  private final Map<String, Long> freshUntil = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED;
    }
  };

  HolderLease(ConnectionGateway gateway, Duration lease) {
    this.gateway = Objects.requireNonNull(gateway, "gateway == null");
    this.lease = Objects.requireNonNull(lease, "lease == null");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, was " + lease);
    }
  }

  Duration lease() {
    return lease;
  }

  /**
   * Why {@code holder} no longer holds its names (it is not connected, or silent past the lease), or null while it
   * does. A gateway that cannot tell, or fails to now, leaves the holder its names: a lease is never lost to the
   * relay's own trouble.
   */
  String lapse(String holder) {
    long now = System.nanoTime();
    synchronized (freshUntil) {
      Long until = freshUntil.get(holder);
      if (until != null && until - now > 0) {
        return null;
      }
    }
    Duration silence;
    try {
      silence = gateway.silence(holder);
    } catch (UnsupportedOperationException e) {
      return connected(holder) ? null : "is not connected"; // no lease without the time; gone is still gone
    } catch (RuntimeException e) {
      log.debug("Could not tell when connection {} last sent a message", holder, e);
      return null;
    }
    if (silence == null || silence.compareTo(lease) > 0) {
      synchronized (freshUntil) {
        freshUntil.remove(holder);
      }
      return silence == null ? "is not connected"
          : "sent the relay nothing for " + silence.toMillis() + " ms, longer than the relay's name lease of "
              + lease.toMillis() + " ms (its link died or it stopped answering)";
    }
    synchronized (freshUntil) {
      freshUntil.put(holder, now + lease.minus(silence).toNanos());
    }
    return null;
  }

  private boolean connected(String holder) {
    try {
      return gateway.isConnected(holder);
    } catch (RuntimeException e) {
      log.debug("Could not tell whether connection {} is connected", holder, e);
      return true;
    }
  }

  /** Forgets what is known of {@code holder}: it disconnected. */
  void forget(String holder) {
    synchronized (freshUntil) {
      freshUntil.remove(holder);
    }
  }
}
