package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallTimeoutException;
import dev.monologue.GroupMember;
import dev.monologue.NameTakenException;
import dev.monologue.NotConnectedException;
import dev.monologue.NotPermittedException;
import dev.monologue.RelayRejectedException;
import dev.monologue.TakeoverRefusedException;
import dev.monologue.wire.Action;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.NameLease;
import dev.monologue.wire.Names;
import dev.monologue.wire.PayloadType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names this machine holds, claimed again on every new connection before calls go out on it. Each claim carries
 * this machine's owner secret ({@link OwnerSecret}, kept across restarts, never logged), so the relay moves the
 * names from the machine's previous connection, or its previous run, to its next one without a gap, while another
 * owner cannot take them unless the relay lets its API key take names over.
 */
final class NameClaims {
  private static final Logger log = LoggerFactory.getLogger(NameClaims.class);

  private final RelayRequests requests;
  private final Supplier<String> key;
  private final Duration timeout;
  private final Set<String> names = ConcurrentHashMap.newKeySet();
  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  /** Whether a connection came up with this machine's names: until then a refused name fails the connect. */
  private volatile boolean claimedOnce;
  /** Told the relay's name lease from each granted claim and join ({@link KeepAlive#leaseLearned}). */
  private volatile Consumer<Duration> leases = lease -> {};

  /** {@code names} and {@code groups}: those of the options, held from the first connection on. */
  NameClaims(RelayRequests requests, Supplier<String> ownerSecret, Duration timeout, Set<String> names,
      Set<String> groups) {
    this.requests = requests;
    this.key = ownerSecret;
    this.timeout = timeout;
    this.names.addAll(names);
    this.groups.addAll(groups);
  }

  void onLease(Consumer<Duration> leases) {
    this.leases = leases;
  }

  boolean isEmpty() {
    return names.isEmpty() && groups.isEmpty();
  }

  /** Claims {@code name} on {@code link} and keeps it for later connections; blocks within the timeout. */
  void claim(RelayLink link, String name, boolean takeover) {
    String problem = Names.problem(name, "name");
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (link == null) {
      throw new NotConnectedException("claim", name, "connect() before claiming a name");
    }
    boolean added = names.add(name); // first, so a connection opened meanwhile claims it too
    try {
      DeliveredFrames.Incoming answer = await(requests.send(link, Action.CLAIM, Fields.NAME, name, key.get(), takeover), name);
      check("claim", name, answer);
      learnLease(answer);
    } catch (RuntimeException e) {
      if (added) {
        names.remove(name);
      }
      throw e;
    }
  }

  /**
   * The relay took {@code name} from this machine's latest connection: another machine claimed it with takeover.
   * It is no longer claimed on new connections.
   */
  void takenOver(String name) {
    if (names.remove(name)) {
      log.warn("Another machine took the name '{}' over; this machine no longer holds or claims it", name);
    }
  }

  /** Joins {@code group} on {@code link} and on every later connection; blocks within the timeout. */
  void join(RelayLink link, String group) {
    String problem = Names.problem(group, "group");
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (link == null) {
      throw new NotConnectedException("join", group, "connect() before joining a group");
    }
    boolean added = groups.add(group);
    try {
      DeliveredFrames.Incoming answer =
          await(requests.send(link, Action.JOIN, Fields.GROUP, group, null, false), group);
      check("join", group, answer);
      learnLease(answer); // a member is leased as a holder is
    } catch (RuntimeException e) {
      if (added) {
        groups.remove(group);
      }
      throw e;
    }
  }

  /** Leaves {@code group}: no later connection joins it. */
  void leave(RelayLink link, String group) {
    if (groups.remove(group) && link != null) {
      await(requests.send(link, Action.LEAVE, Fields.GROUP, group, null, false), group);
    }
  }

  /** The members of {@code group}, as the relay lists them now. */
  List<GroupMember> members(RelayLink link, String group) {
    if (link == null) {
      throw new NotConnectedException("members", group, "connect() before listing a group");
    }
    DeliveredFrames.Incoming answer = await(requests.send(link, Action.MEMBERS, Fields.GROUP, group, null, false), group);
    check("members", group, answer);
    return FanOuts.members(answer.retNode().path(Fields.MEMBERS));
  }

  /** Releases {@code name}: no later connection claims it. */
  void release(RelayLink link, String name) {
    if (!names.remove(name) || link == null) {
      return;
    }
    DeliveredFrames.Incoming answer = await(requests.send(link, Action.RELEASE, Fields.NAME, name, null, false), name);
    if (!PayloadType.ACK.wire().equals(answer.type())) {
      log.debug("Release of '{}' answered {}", name, answer.errorOrMissing());
    }
  }

  /**
   * Claims every held name on a new connection; completes when the relay answered them all. On the client's first
   * connection (names from the options) a refusal fails the connect with the typed failure, the names kept for the
   * next connect; later, a name another machine took meanwhile is given up, with a warning, and the connection still
   * comes up.
   */
  CompletableFuture<Void> claimAll(RelayLink link) {
    boolean strict = !claimedOnce;
    List<CompletableFuture<?>> claims = new ArrayList<>();
    String secret;
    try {
      secret = names.isEmpty() ? null : key.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (String name : names) {
      claims.add(requests.send(link, Action.CLAIM, Fields.NAME, name, secret, false).thenAccept(answer -> {
        if (strict) {
          check("claim", name, answer);
          learnLease(answer);
        } else if (PayloadType.ACK.wire().equals(answer.type())) {
          learnLease(answer);
        } else {
          names.remove(name);
          log.warn("Could not claim '{}' again on the new connection: {}", name,
              answer.errorOrMissing().path(Fields.MESSAGE).asText());
        }
      }));
    }
    for (String group : groups) {
      claims.add(requests.send(link, Action.JOIN, Fields.GROUP, group, null, false).thenAccept(answer -> {
        if (strict) {
          check("join", group, answer);
          learnLease(answer);
        } else if (PayloadType.ACK.wire().equals(answer.type())) {
          learnLease(answer);
        } else {
          log.warn("Could not join '{}' again on the new connection: {}", group,
              answer.errorOrMissing().path(Fields.MESSAGE).asText());
        }
      }));
    }
    return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)).thenRun(() -> claimedOnce = true);
  }

  /** The relay's name lease from a granted claim's or join's answer; a relay that names none has no lease. */
  private void learnLease(DeliveredFrames.Incoming answer) {
    JsonNode ret = answer.retNode();
    long millis = ret == null ? 0 : ret.path(NameLease.ACK_FIELD).asLong(0);
    if (millis > 0) {
      leases.accept(Duration.ofMillis(millis));
    }
  }

  /**
   * The relay's answer, within the timeout: {@link RelayRequests} times the request out on the client's timer; the
   * wait here is bounded a little longer only in case that timer is gone, and ends the request too, so that
   * nothing is left waiting for an answer nobody reads.
   */
  private DeliveredFrames.Incoming await(CompletableFuture<DeliveredFrames.Incoming> answer, String name) {
    try {
      return answer.get(timeout.toMillis() + RelayConnection.GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.completeExceptionally(e);
      throw new CallTimeoutException("claim", name, timeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw new CallTimeoutException("claim", name, timeout);
      }
      throw new NotConnectedException("claim", name, String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotConnectedException("claim", name, "interrupted");
    }
  }

  private static void check(String action, String name, DeliveredFrames.Incoming answer) {
    if (PayloadType.ACK.wire().equals(answer.type())) {
      return;
    }
    JsonNode error = answer.errorOrMissing();
    String code = error.path(Fields.CODE).asText("UNKNOWN");
    String message = error.path(Fields.MESSAGE).asText("");
    if (ErrorCode.NAME_TAKEN.wire().equals(code)) {
      throw new NameTakenException(name, Duration.ofMillis(error.path(Fields.HELD_FOR_MILLIS).asLong()), message);
    }
    if (ErrorCode.TAKEOVER_REFUSED.wire().equals(code)) {
      throw new TakeoverRefusedException(name, message);
    }
    if (ErrorCode.NOT_PERMITTED.wire().equals(code)) {
      throw new NotPermittedException(action, name, message);
    }
    if (ErrorCode.BAD_NAME.wire().equals(code)) {
      throw new IllegalArgumentException(message);
    }
    throw new RelayRejectedException(action, name, code, message);
  }
}
