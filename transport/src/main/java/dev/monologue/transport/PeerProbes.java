package dev.monologue.transport;

import dev.monologue.PeerGoneException;
import dev.monologue.wire.ErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out fast when a peer with calls pending has gone. A peer whose calls have waited longer than the probe
 * interval gets a {@code PING}; when the relay answers that the peer is not connected ({@code PEER_GONE} with the
 * probe's token), every call to that peer fails at once instead of at its timeout. A live peer answers
 * {@code PONG}; one whose client predates probes ignores the {@code PING}, which costs nothing.
 */
final class PeerProbes {
  private static final Logger log = LoggerFactory.getLogger(PeerProbes.class);

  /** Writes the PING with {@code token} for {@code peer}. */
  interface PingFrames {
    String ping(String peer, String token);
  }

  private record Probe(RelayLink connection, String peer, long sentNanos) {}

  private record Target(RelayLink connection, String peer) {}

  private final Map<String, Probe> byToken = new ConcurrentHashMap<>();
  private final Map<Target, String> outstanding = new ConcurrentHashMap<>();
  private final PendingCalls pending;
  private final Tokens tokens;
  private final PingFrames frames;
  private final long intervalNanos;

  PeerProbes(PendingCalls pending, Tokens tokens, PingFrames frames, long intervalNanos) {
    this.pending = pending;
    this.tokens = tokens;
    this.frames = frames;
    this.intervalNanos = intervalNanos;
  }

  /** Probes every peer with a call pending longer than the interval, unless a probe of it is outstanding. */
  void scan() {
    long now = System.nanoTime();
    // Probes unanswered for several intervals are forgotten, so that a peer is probed again.
    byToken.forEach((token, probe) -> {
      if (now - probe.sentNanos > 4 * intervalNanos) {
        forget(token);
      }
    });
    for (PendingCall call : pending.olderThan(now - intervalNanos)) {
      Target target = new Target(call.connection, call.peer);
      if (Addresses.isGroup(call.peer) || outstanding.containsKey(target)) {
        // a group has no single peer to probe: a gone member is skipped by the relay when the call is sent
        continue;
      }
      String token = tokens.next();
      if (outstanding.putIfAbsent(target, token) != null) {
        continue;
      }
      byToken.put(token, new Probe(call.connection, call.peer, now));
      if (!call.connection.trySend(frames.ping(call.peer, token))) {
        forget(token);
      }
    }
  }

  /**
   * A relay error about a frame with {@code token}; true when it answered a probe (and was handled here).
   */
  boolean onRelayError(String token, String code, String message) {
    Probe probe = forget(token);
    if (probe == null) {
      return false;
    }
    if (ErrorCode.PEER_GONE.wire().equals(code)) {
      int failed = pending.failPeer(probe.connection, probe.peer,
          call -> new PeerGoneException(call.method, call.peer, message));
      log.debug("Peer {} is gone: failed {} pending calls to it", probe.peer, failed);
    } else {
      log.debug("The relay refused a probe of {}: {} {}", probe.peer, code, message);
    }
    return true;
  }

  /** A PONG from {@code from}: the peer is alive; it may be probed again later. */
  void onPong(String from, String token) {
    Probe probe = token == null ? null : byToken.get(token);
    if (probe != null && probe.peer.equals(from)) {
      forget(token);
    }
  }

  int outstanding() {
    return byToken.size();
  }

  private Probe forget(String token) {
    Probe probe = byToken.remove(token);
    if (probe != null) {
      outstanding.remove(new Target(probe.connection, probe.peer), token);
    }
    return probe;
  }
}
