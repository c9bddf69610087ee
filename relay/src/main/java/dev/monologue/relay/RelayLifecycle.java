package dev.monologue.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LocalRelay}'s life: started once, then closed once; binds its front, waits until it listens or fails,
 * says where it listens, and stops it.
 */
final class RelayLifecycle {
  /** Logs under {@link LocalRelay}'s name, the one users configure. */
  private static final Logger log = LoggerFactory.getLogger(LocalRelay.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

  private final WebSocketFront front;
  private final String host;
  /** {@code ws}, or {@code wss} with TLS. */
  private final String scheme;
  private final boolean open;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile URI endpoint;

  RelayLifecycle(WebSocketFront front, String host, String scheme, boolean open) {
    this.front = front;
    this.host = host;
    this.scheme = scheme;
    this.open = open;
  }

  /** See {@link LocalRelay#start()}. */
  void start() {
    if (closed.get()) {
      throw new IllegalStateException("this relay is closed; build a new one");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("this relay is already started");
    }
    front.start();
    boolean done;
    try {
      done = front.startedOrFailed().await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting the relay", e);
    }
    Exception failure = front.startFailure();
    if (failure != null || !done) {
      close();
      String what = "relay could not listen on " + host + ":" + front.getAddress().getPort();
      if (failure == null) {
        throw new IllegalStateException(what + " within " + START_TIMEOUT.toSeconds() + " s");
      }
      IOException io = failure instanceof IOException ? (IOException) failure : new IOException(failure);
      throw new UncheckedIOException(what + ": " + failure.getMessage()
          + "; choose another port or stop what is using it", io);
    }
    endpoint = URI.create(scheme + "://" + RelayAddress.uriHost(host) + ":" + front.getPort());
    String clear = RelayAddress.cleartextKeysWarning(host, !open, scheme.equals("wss"));
    if (clear != null) {
      log.warn(clear);
    }
    if (open) {
      log.warn("Relay at {} accepts ANY client: no API keys are configured. Set API keys unless this is a"
          + " private development machine.", endpoint);
    } else {
      log.info("Relay listening at {}", endpoint);
    }
  }

  /** See {@link LocalRelay#endpoint()}. */
  URI endpoint() {
    URI e = endpoint;
    if (e == null) {
      throw new IllegalStateException("the relay is not started; call start() first");
    }
    return e;
  }

  /** Whether the relay is started and not closing: it accepts connections. */
  boolean isAccepting() {
    return started.get() && !closed.get() && endpoint != null;
  }

  /** Stops the front, closing every connection and the port. Idempotent. */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      front.stop((int) STOP_TIMEOUT.toMillis(), "relay shutting down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.debug("Relay {} closed", endpoint);
  }
}
