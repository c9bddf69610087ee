package dev.monologue.transport;

import dev.monologue.PeerGoneException;
import dev.monologue.wire.ErrorCode;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out fast when a peer with calls pending has gone. For a peer whose calls have waited longer than the probe
 * interval, the relay is asked whether it is connected (the {@code probe} action); when it answers
 * {@code PEER_GONE} (with the probe's token), every call to that peer fails at once instead of at its timeout. The
 * peer itself receives nothing: clients of the original JavaScript Monologue end on any payload they do not know.
 * A probe waits for the relay's answer in the client's table of pending exchanges ({@link PendingExchanges}); one
 * unanswered for several intervals times out there and is forgotten, so that its peer is probed again.
 */
final class PeerProbes {
  private static final Logger log = LoggerFactory.getLogger(PeerProbes.class);
  /** How many intervals a probe waits for the relay's answer before it is forgotten. */
  static final int INTERVALS_UNANSWERED = 4;

  /** Writes the relay probe with {@code token} about {@code peer}. */
  interface ProbeFrames {
    String probe(String peer, String token);
  }

  /** One probe waiting for the relay's answer; nothing waits on it but the table, so its end is its removal. */
  record Probe(String token, RelayLink connection, String peer, long sentNanos, long deadlineNanos)
      implements PendingExchanges.Exchange {
    @Override
    public void expire() {
      log.debug("The relay did not answer a probe of {}: it may be probed again", peer);
    }

    @Override
    public void dropped(String reason) {
      // nothing waits on a probe: its connection's calls are failed with it
    }
  }

  private record Target(RelayLink connection, String peer) {}

  private final PendingCalls pending;
  private final PendingExchanges exchanges;
  private final Tokens tokens;
  private final ProbeFrames frames;
  private final long intervalNanos;

  PeerProbes(PendingCalls pending, PendingExchanges exchanges, Tokens tokens, ProbeFrames frames,
      long intervalNanos) {
    this.pending = pending;
    this.exchanges = exchanges;
    this.tokens = tokens;
    this.frames = frames;
    this.intervalNanos = intervalNanos;
  }

  /** Probes every peer with a call pending longer than the interval, unless a probe of it is outstanding. */
  void scan() {
    long now = exchanges.nanoTime();
    Set<Target> outstanding = new HashSet<>();
    for (PendingExchanges.Exchange e : exchanges.all()) {
      if (e instanceof Probe probe) {
        outstanding.add(new Target(probe.connection, probe.peer));
      }
    }
    for (PendingCall call : pending.olderThan(now - intervalNanos)) {
      // a group has no single peer to probe: a gone member is skipped by the relay when the call is sent
      if (Addresses.isGroup(call.peer) || !outstanding.add(new Target(call.connection, call.peer))) {
        continue;
      }
      Probe probe = new Probe(tokens.next(), call.connection, call.peer, now,
          now + INTERVALS_UNANSWERED * intervalNanos);
      if (exchanges.open(probe) && !call.connection.trySend(frames.probe(call.peer, probe.token))) {
        exchanges.remove(probe);
      }
    }
  }

  /**
   * A relay error about a frame with {@code token}; true when it answered a probe (and was handled here).
   */
  boolean onRelayError(String token, String code, String message) {
    Probe probe = answered(token);
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
    return answered(token) != null;
  }

  /** The newest unanswered probe sent on {@code connection}: its token and when it went out; or null. */
  Probe newestOn(RelayLink connection) {
    Probe newest = null;
    for (PendingExchanges.Exchange e : exchanges.all()) {
      if (e instanceof Probe probe && probe.connection == connection
          && (newest == null || probe.sentNanos - newest.sentNanos > 0)) {
        newest = probe;
      }
    }
    return newest;
  }

  /** API Gateway throttled the probe {@code probe}: it is answered (no news of its peer), and may be sent again. */
  boolean throttled(Probe probe) {
    return exchanges.remove(probe);
  }

  int outstanding() {
    return exchanges.count(Probe.class);
  }

  /** The probe of {@code token}, now answered and removed; null when it is no probe's (or was answered already). */
  private Probe answered(String token) {
    return exchanges.get(token) instanceof Probe probe && exchanges.remove(probe) ? probe : null;
  }
}
