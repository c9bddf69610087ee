package dev.monologue.transport;

import dev.monologue.wire.NameLease;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a quiet connection open (API Gateway closes one idle for 10 minutes) and finds dead ones: after
 * {@code keepAliveInterval} without sending, or without receiving, a connection sends a {@code keepalive}, which the
 * relay answers (on AWS API Gateway itself, from a mock: no Lambda invocation); when no answer comes back within the
 * call timeout, the connection is dead and is aborted (its supervisor then reconnects). Receiving counts, not only
 * sending: a connection black-holed while this client keeps sending would otherwise never be checked. The answers
 * are counted by the connection ({@link KeepAliveState#answered}); they carry no token (API Gateway's
 * template cannot read the request), so any answer naming this connection that arrives after the keep-alive was
 * sent proves the link carries frames both ways. API Gateway's throttle frame, when matched to the keep-alive
 * ({@link ThrottleFrames}), answers it as well.
 *
 * <p>While this machine holds names or is in groups, it keeps alive within a third of the relay's name lease too
 * (learned from a claim's or join's answer, {@link #leaseLearned}): a holder or member the relay hears nothing from
 * for the lease loses its names and leaves its groups.
 */
final class KeepAlive {
  private static final Logger log = LoggerFactory.getLogger(KeepAlive.class);

  private final ClientTimer timer;
  private final FrameWriter frames;
  private final long intervalNanos;
  private final Duration echoTimeout;
  private final BooleanSupplier clientClosed;
  private final BooleanSupplier holdsNames;
  /** A third of the relay's name lease, once a claim told it; 0 until then. */
  private volatile long leaseIntervalNanos;

  /** An interval of zero turns keep-alives off. */
  KeepAlive(ClientTimer timer, FrameWriter frames, Duration interval, Duration echoTimeout,
      BooleanSupplier clientClosed, BooleanSupplier holdsNames) {
    this.timer = timer;
    this.frames = frames;
    this.intervalNanos = interval.toNanos();
    this.echoTimeout = echoTimeout;
    this.clientClosed = clientClosed;
    this.holdsNames = holdsNames;
  }

  /** {@code c} was just identified: keep it alive from now on. */
  void start(RelayConnection c) {
    schedule(c, interval());
  }

  /**
   * The relay's name lease, from a claim's answer: from now on a machine holding names keeps {@code current} (and
   * later connections) alive within a third of it, even with keep-alives otherwise off.
   */
  void leaseLearned(Duration lease, RelayConnection current) {
    long within = NameLease.keepAliveWithin(lease).toNanos();
    if (within <= 0 || within == leaseIntervalNanos) {
      return;
    }
    leaseIntervalNanos = within;
    if (current != null && current.isLive()) {
      schedule(current, 0); // check now: it reschedules itself at the shorter interval
    }
  }

  /** The interval now: the configured one, shortened to the lease's third while names are held; 0 is off. */
  private long interval() {
    long lease = leaseIntervalNanos;
    if (lease > 0 && holdsNames.getAsBoolean()) {
      return intervalNanos > 0 ? Math.min(intervalNanos, lease) : lease;
    }
    return intervalNanos;
  }

  private void schedule(RelayConnection c, long delayNanos) {
    long interval = interval();
    c.keepAlive().replaceTimer(() -> interval > 0 ? timer.schedule(() -> check(c), Math.min(delayNanos, interval))
        : null);
  }

  /**
   * Sends a keep-alive when {@code c} has sent or received nothing for the interval; fails it when the echo does
   * not come.
   */
  private void check(RelayConnection c) {
    if (!c.isLive() || clientClosed.getAsBoolean()) {
      return;
    }
    long interval = interval();
    long idle = timer.nanoTime() - c.quietSinceNanos();
    if (idle < interval) {
      schedule(c, interval - idle);
      return;
    }
    int answers = c.keepAlive().sending();
    try {
      c.send(frames.keepAlive());
      c.keepAlive().sent();
    } catch (RuntimeException e) {
      return; // closing: its listener hears of it
    }
    timer.schedule(() -> {
      // a throttle frame matched to the keep-alive answers it too: API Gateway is there, the connection alive
      if (c.isLive() && !c.keepAlive().answeredSince(answers)) {
        log.warn("Connection {} did not answer a keep-alive within {} ms; dropping it", c.id(), echoTimeout.toMillis());
        c.abort("no keep-alive answer within " + echoTimeout.toMillis() + " ms");
      }
    }, echoTimeout.toNanos());
    schedule(c, interval);
  }
}
