package dev.monologue.relay.core;

import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.Frame;
import dev.monologue.wire.RelayEvent;
import dev.monologue.wire.RelayReplies;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims and releases of names: a claim is granted, renewed with the owner's key, taken over where the sender's
 * {@link KeyPolicy} allows, or refused; a holder found gone or past its lease gives way; a claim that lands after
 * its claimant's disconnect is undone.
 */
final class NameClaims {
  /** Logs under {@link NameRouting}'s name, the one operators know. */
  private static final Logger log = LoggerFactory.getLogger(NameRouting.class);

  private final NameActions shared;

  NameClaims(NameActions shared) {
    this.shared = shared;
  }

  /** Grants, renews or takes over a name for the sender, or answers why not; tells watchers and the holder. */
  void claim(String senderId, KeyPolicy sender, Frame p) {
    String name = p.name();
    if (shared.answers().badName(senderId, p, name, Fields.NAME)) {
      return;
    }
    if (!sender.mayClaim(name)) {
      shared.answers().notPermitted(senderId, p, "claim", "name", name, sender.claims());
      return;
    }
    String key = TenantNames.key(sender.tenant(), name);
    boolean takeover = p.takeover() && sender.mayTakeOver();
    ClaimOutcome outcome = shared.registry().claim(key, senderId, ClaimKeys.hash(p.key()), takeover);
    if (!outcome.granted() && holderVanished(key)) {
      outcome = shared.registry().claim(key, senderId, ClaimKeys.hash(p.key()), takeover);
    }
    if (!outcome.granted()) {
      if (p.takeover()) {
        shared.answers().error(senderId, p.token(), ErrorCode.TAKEOVER_REFUSED, "the name '" + name + "' is held by"
            + " another owner (another owner secret) and this relay's policy does not let this API key take names over;"
            + " give this machine the holder's owner secret, or ask the relay's operator to allow takeover for"
            + " this key");
      } else {
        shared.answers().reply(senderId, RelayReplies.nameTaken(senderId, p.token(), name, outcome.heldFor()));
      }
      return;
    }
    String from = outcome.previousHolder();
    String previous = from != null && !takeover && vanished(from) ? null : from;
    Delivery acked = shared.answers().reply(senderId,
        RelayReplies.claimed(senderId, p.token(), name, from != null, shared.lease().lease()));
    if (acked == Delivery.GONE) {
      claimantGone(senderId, key, previous, p.key(), takeover);
      return;
    }
    Deque<String> gone = new ArrayDeque<>();
    if (previous != null) {
      // the previous holder learns it lost the name, whether it watches or not
      if (shared.gateway().send(previous, RelayReplies.event(previous, RelayEvent.RELEASED, name, previous))
          == Delivery.GONE) {
        gone.add(previous);
      }
    }
    shared.departures().announce(NameRegistry.Topic.name(key), RelayEvent.CLAIMED, key, senderId, gone);
    gone.forEach(shared.departures()::forget);
  }

  /**
   * Whether {@code previous}, whose name a claim with the same key just renewed on another connection (the same
   * machine, reconnected), is gone though no disconnect was seen; then it is forgotten before the claim is
   * acknowledged, so the machine finds none of its old connection's memberships or watches once it is back. A
   * gateway that cannot tell leaves it to the event that tells it the name moved.
   */
  private boolean vanished(String previous) {
    try {
      if (shared.gateway().isConnected(previous)) {
        return false;
      }
    } catch (RuntimeException e) {
      log.debug("Could not tell whether connection {} is connected", previous, e);
      return false;
    }
    shared.departures().forget(previous);
    return true;
  }

  /**
   * A claim was granted to a connection already gone: on AWS, its {@code $disconnect} (best effort) came before
   * the claim, so nothing else would release the name. Forgets the claimant now. A name it renewed with the same
   * key from a connection that is still there (the same machine, reconnected before this late claim) goes back
   * to that connection, which never learns it moved; one it took over with {@code takeover} stays free, and its
   * previous holder is told it lost it.
   */
  private void claimantGone(String claimant, String key, String previous, String ownerKey, boolean takeover) {
    log.info("Connection {} is gone; its claim of '{}' landed after its disconnect and is undone", claimant, key);
    String name = TenantNames.local(key);
    if (previous != null && !takeover) {
      shared.registry().release(key, claimant); // quietly: the name goes back to the holder that renewed it
      if (shared.registry().claim(key, previous, ClaimKeys.hash(ownerKey), false).granted()) {
        shared.departures().forget(claimant);
        return;
      }
    }
    shared.departures().forget(claimant);
    if (previous != null && shared.gateway().send(previous,
        RelayReplies.event(previous, RelayEvent.RELEASED, name, previous)) == Delivery.GONE) {
      shared.departures().forget(previous);
    }
  }

  /**
   * Whether the holder of {@code name}, which refused a claim, turned out gone though no disconnect was seen (a
   * machine that vanished), or silent past its lease (a link that died without a close): asked of the gateway (the
   * local relay looks it up; on AWS {@code GET @connections}, 410 meaning gone, else its {@code lastActiveAt}). Its
   * names and memberships are then released, watchers told, so the claim can be granted. A gateway that cannot
   * tell, or fails to, leaves the refusal as it was.
   */
  private boolean holderVanished(String key) {
    String holder = shared.registry().holder(key);
    if (holder == null) {
      return true; // released in the meantime
    }
    return shared.departures().lapsed(key, holder) != null;
  }

  /** Releases a name the sender holds and tells its watchers. */
  void release(String senderId, String tenant, Frame p) {
    String name = p.name();
    if (shared.answers().badName(senderId, p, name, Fields.NAME)) {
      return;
    }
    String key = TenantNames.key(tenant, name);
    if (!shared.registry().release(key, senderId)) {
      shared.answers().error(senderId, p.token(), ErrorCode.NAME_NOT_HELD, "name '" + name
          + "' is not held by this connection; only its holder can release it");
      return;
    }
    shared.answers().reply(senderId, RelayReplies.name(senderId, p.token(), name));
    shared.departures().announceAndForget(NameRegistry.Topic.name(key), RelayEvent.RELEASED, key, senderId);
  }
}
