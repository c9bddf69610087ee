package dev.monologue.transport;

import dev.monologue.PeerGoneException;
import dev.monologue.wire.ErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out fast when a peer with calls pending has gone. For a peer whose calls have waited longer than the probe
 * interval, the relay is asked whether it is connected (the {@code probe} action); when it answers
 * {@code PEER_GONE} (with the probe's token), every call to that peer fails at once instead of at its timeout. The
 * peer itself receives nothing: clients of the original JavaScript Monologue end on any payload they do not know.
 */
final class PeerProbes {
  private static final Logger log = LoggerFactory.getLogger(PeerProbes.class);

  /** Writes the relay probe with {@code token} about {@code peer}. */
  interface ProbeFrames {
    String probe(String peer, String token);
  }

  record Probe(String token, RelayLink connection, String peer, long sentNanos) {}

  private record Target(RelayLink connection, String peer) {}

  private final Map<String, Probe> byToken = new ConcurrentHashMap<>();
  private final Map<Target, String> outstanding = new ConcurrentHashMap<>();
  private final PendingCalls pending;
  private final Tokens tokens;
  private final ProbeFrames frames;
  private final long intervalNanos;

  PeerProbes(PendingCalls pending, Tokens tokens, ProbeFrames frames, long intervalNanos) {
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
      byToken.put(token, new Probe(token, call.connection, call.peer, now));
      if (!call.connection.trySend(frames.probe(call.peer, token))) {
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

  /**
   * The relay's ACK to the probe with {@code token}: the peer is connected; it may be probed again later. True when
   * the token was a probe's.
   */
  boolean onConnected(String token) {
    return forget(token) != null;
  }

  /** The newest unanswered probe sent on {@code connection}: its token and when it went out; or null. */
  Probe newestOn(RelayLink connection) {
    Probe newest = null;
    for (Probe probe : byToken.values()) {
      if (probe.connection == connection && (newest == null || probe.sentNanos - newest.sentNanos > 0)) {
        newest = probe;
      }
    }
    return newest;
  }

  /** API Gateway throttled the probe {@code probe}: it is answered (no news of its peer), and may be sent again. */
  boolean throttled(Probe probe) {
    return forget(probe.token) != null;
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
