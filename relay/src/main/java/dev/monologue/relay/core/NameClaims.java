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

  private final ConnectionGateway gateway;
  private final NameRegistry registry;
  private final HolderLease lease;
  private final SenderAnswers answers;
  private final Departures departures;

  NameClaims(ConnectionGateway gateway, NameRegistry registry, HolderLease lease, SenderAnswers answers,
      Departures departures) {
    this.gateway = gateway;
    this.registry = registry;
    this.lease = lease;
    this.answers = answers;
    this.departures = departures;
  }

  /** Grants, renews or takes over a name for the sender, or answers why not; tells watchers and the holder. */
  void claim(String senderId, KeyPolicy sender, Frame p) {
    String name = p.name();
    if (answers.badName(senderId, p, name, Fields.NAME)) {
      return;
    }
    if (!sender.mayClaim(name)) {
      answers.error(senderId, p.token(), ErrorCode.NOT_PERMITTED, "this relay's policy does not let this API key claim"
          + " the name '" + name + "' (it may claim " + sender.claims() + "); claim a name it allows, or ask the"
          + " relay's operator to allow this one");
      return;
    }
    String key = TenantNames.key(sender.tenant(), name);
    boolean takeover = p.takeover() && sender.mayTakeOver();
    ClaimOutcome outcome = registry.claim(key, senderId, ClaimKeys.hash(p.key()), takeover);
    if (!outcome.granted() && holderVanished(key)) {
      outcome = registry.claim(key, senderId, ClaimKeys.hash(p.key()), takeover);
    }
    if (!outcome.granted()) {
      if (p.takeover()) {
        answers.error(senderId, p.token(), ErrorCode.TAKEOVER_REFUSED, "the name '" + name + "' is held by another"
            + " owner (another owner secret) and this relay's policy does not let this API key take names over;"
            + " give this machine the holder's owner secret, or ask the relay's operator to allow takeover for"
            + " this key");
      } else {
        answers.reply(senderId, RelayReplies.nameTaken(senderId, p.token(), name, outcome.heldFor()));
      }
      return;
    }
    String from = outcome.previousHolder();
    String previous = from != null && !takeover && vanished(from) ? null : from;
    Delivery acked = answers.reply(senderId,
        RelayReplies.claimed(senderId, p.token(), name, from != null, lease.lease()));
    if (acked == Delivery.GONE) {
      claimantGone(senderId, key, previous, p.key(), takeover);
      return;
    }
    Deque<String> gone = new ArrayDeque<>();
    if (previous != null) {
      // the previous holder learns it lost the name, whether it watches or not
      if (gateway.send(previous, RelayReplies.event(previous, RelayEvent.RELEASED, name, previous))
          == Delivery.GONE) {
        gone.add(previous);
      }
    }
    departures.announce(NameRegistry.Topic.name(key), RelayEvent.CLAIMED, key, senderId, gone);
    gone.forEach(departures::forget);
  }

  /**
   * Whether {@code previous}, whose name a claim with the same key just renewed on another connection (the same
   * machine, reconnected), is gone though no disconnect was seen; then it is forgotten before the claim is
   * acknowledged, so the machine finds none of its old connection's memberships or watches once it is back. A
   * gateway that cannot tell leaves it to the event that tells it the name moved.
   */
  private boolean vanished(String previous) {
    try {
      if (gateway.isConnected(previous)) {
        return false;
      }
    } catch (RuntimeException e) {
      log.debug("Could not tell whether connection {} is connected", previous, e);
      return false;
    }
    departures.forget(previous);
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
      registry.release(key, claimant); // quietly: the name goes back to the holder that renewed it
      if (registry.claim(key, previous, ClaimKeys.hash(ownerKey), false).granted()) {
        departures.forget(claimant);
        return;
      }
    }
    departures.forget(claimant);
    if (previous != null && gateway.send(previous, RelayReplies.event(previous, RelayEvent.RELEASED, name, previous))
        == Delivery.GONE) {
      departures.forget(previous);
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
    String holder = registry.holder(key);
    if (holder == null) {
      return true; // released in the meantime
    }
    return departures.lapsed(key, holder) != null;
  }

  /** Releases a name the sender holds and tells its watchers. */
  void release(String senderId, String tenant, Frame p) {
    String name = p.name();
    if (answers.badName(senderId, p, name, Fields.NAME)) {
      return;
    }
    String key = TenantNames.key(tenant, name);
    if (!registry.release(key, senderId)) {
      answers.error(senderId, p.token(), ErrorCode.NAME_NOT_HELD, "name '" + name
          + "' is not held by this connection; only its holder can release it");
      return;
    }
    answers.reply(senderId, RelayReplies.name(senderId, p.token(), name));
    departures.announceAndForget(NameRegistry.Topic.name(key), RelayEvent.RELEASED, key, senderId);
  }
}
