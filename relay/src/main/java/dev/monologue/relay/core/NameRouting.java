package dev.monologue.relay.core;

import dev.monologue.wire.Action;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Frame;
import dev.monologue.wire.RelayFrames;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Router}'s name and group actions (docs/protocol.md, "Names and groups"): claim, release, join, leave,
 * members, watch, unwatch, delivery to a name, {@code sendany} and {@code sendall}, and forgetting a connection on
 * disconnect or when a delivery to it fails with gone. State lives in a {@link NameRegistry}. The sender's
 * {@link KeyPolicy} decides which names it may claim, which groups it may join and whether it may take over another
 * owner's name; its tenant's names and groups live apart from every other tenant's ({@link TenantNames}).
 * Dispatches each action to the class that owns it ({@link NameClaims}, {@link GroupRouting}, {@link NameWatches});
 * {@link Departures} forgets connections and tells watchers, {@link SenderAnswers} answers the sender.
 */
final class NameRouting {
  private static final Logger log = LoggerFactory.getLogger(NameRouting.class);

  private final ConnectionGateway gateway;
  private final NameRegistry registry;
  private final DeliveryErrors.Errors errors;
  private final SenderAnswers answers;
  private final Departures departures;
  private final NameClaims claims;
  private final GroupRouting groups;
  private final NameWatches watches;

  NameRouting(ConnectionGateway gateway, NameRegistry registry, DeliveryErrors.Errors errors, HolderLease lease) {
    this.gateway = Objects.requireNonNull(gateway, "gateway == null");
    this.registry = Objects.requireNonNull(registry, "registry == null");
    this.errors = Objects.requireNonNull(errors, "errors == null");
    Objects.requireNonNull(lease, "lease == null");
    this.answers = new SenderAnswers(gateway, errors);
    this.departures = new Departures(gateway, registry, lease);
    NameActions shared = new NameActions(gateway, registry, lease, answers, departures);
    this.claims = new NameClaims(shared);
    this.groups = new GroupRouting(shared);
    this.watches = new NameWatches(registry, answers, departures);
  }

  /** Handles one of the name and group actions ({@link Action#aboutNames()}). */
  void handle(String senderId, KeyPolicy sender, String frame, Frame p, Action action) {
    if (p.nameFieldProblem() != null) {
      errors.send(senderId, p.token(), ErrorCode.MALFORMED_FRAME, p.nameFieldProblem());
      return;
    }
    try {
      switch (action) {
        case CLAIM -> claims.claim(senderId, sender, p);
        case RELEASE -> claims.release(senderId, sender.tenant(), p);
        case JOIN, LEAVE -> groups.membership(senderId, sender, p);
        case MEMBERS -> groups.members(senderId, sender.tenant(), p);
        case WATCH, UNWATCH -> watches.watch(senderId, sender.tenant(), p);
        case SENDANY -> groups.sendAny(senderId, sender.tenant(), frame, p);
        case SENDALL -> groups.sendAll(senderId, sender.tenant(), frame, p);
        default -> throw new AssertionError(action);
      }
    } catch (UnsupportedOperationException e) {
      errors.send(senderId, p.token(), ErrorCode.NAMES_UNAVAILABLE, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Name registry failed on '{}' from connection {}", p.action(), senderId, e);
      errors.send(senderId, p.token(), ErrorCode.NAMES_UNAVAILABLE, "the relay could not reach its name"
          + " registry for '" + p.action() + "'; retry later");
    }
  }

  /**
   * Delivers a {@code sendmessage} addressed to a name ({@code "name":N}) to the name's holder, in one hop; the
   * delivered frame's {@code to} is the holder's connection ID. Answers the sender itself when it cannot.
   */
  void sendToName(String senderId, String tenant, String frame, Frame p) {
    String key = TenantNames.key(tenant, p.name());
    String holder;
    try {
      holder = registry.holder(key);
    } catch (UnsupportedOperationException e) {
      errors.send(senderId, p.token(), ErrorCode.NAMES_UNAVAILABLE, e.getMessage());
      return;
    } catch (RuntimeException e) {
      log.warn("Name registry failed resolving '{}' for connection {}", p.name(), senderId, e);
      errors.send(senderId, p.token(), ErrorCode.NAMES_UNAVAILABLE,
          "the relay could not reach its name registry to resolve '" + p.name() + "'; retry later");
      return;
    }
    if (holder == null) {
      errors.send(senderId, p.token(), ErrorCode.PEER_GONE, "no connection holds the name '" + p.name() + "'");
      return;
    }
    String lapse = departures.lapsed(key, holder);
    if (lapse != null) {
      errors.send(senderId, p.token(), ErrorCode.PEER_GONE, lapse);
      return;
    }
    Delivery d = gateway.send(holder, RelayFrames.deliver(holder, senderId, frame, p.payloadStart(), p.payloadEnd()));
    if (d == Delivery.GONE) {
      departures.forget(holder); // watchers hear what it held
      registry.release(key, holder); // even if the holder's other entries could not be found
    }
    DeliveryErrors.report(errors, senderId, p.token(), "name '" + p.name() + "'", d);
  }

  /**
   * The connection holding {@code name}, for a probe of it; null when none does, after answering the sender
   * {@code PEER_GONE} (or {@code NAMES_UNAVAILABLE}).
   */
  String holderOrGone(String senderId, String tenant, String name, String token) {
    String key = TenantNames.key(tenant, name);
    String holder;
    try {
      holder = registry.holder(key);
    } catch (UnsupportedOperationException e) {
      errors.send(senderId, token, ErrorCode.NAMES_UNAVAILABLE, e.getMessage());
      return null;
    } catch (RuntimeException e) {
      log.warn("Name registry failed resolving '{}' for a probe from connection {}", name, senderId, e);
      errors.send(senderId, token, ErrorCode.NAMES_UNAVAILABLE,
          "the relay could not reach its name registry to resolve '" + name + "'; retry later");
      return null;
    }
    if (holder == null) {
      errors.send(senderId, token, ErrorCode.PEER_GONE, "no connection holds the name '" + name + "'");
      return null;
    }
    String lapse = departures.lapsed(key, holder);
    if (lapse != null) {
      errors.send(senderId, token, ErrorCode.PEER_GONE, lapse);
      return null;
    }
    return holder;
  }

  /** Forgets a connection that disconnected or turned out gone, telling watchers what it held. */
  void forget(String connectionId) {
    departures.forget(connectionId);
  }
}
