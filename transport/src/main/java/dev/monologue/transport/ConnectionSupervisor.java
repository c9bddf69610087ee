package dev.monologue.transport;

import dev.monologue.ConnectFailedException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.NotConnectedException;
import dev.monologue.ReconnectPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the client connected: the first connect, reconnecting with backoff after a drop (the
 * {@link ReconnectPolicy}), the planned switch to a fresh connection at {@code maxConnectionAge} (the old one
 * closing once its calls are answered), and keep-alives ({@link KeepAlive}). "The connection drops" starts in
 * {@link #onClosed}. It knows the current connection; the sender asks it where a call may go out.
 */
final class ConnectionSupervisor implements RelayConnection.Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(ConnectionSupervisor.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  private static final Duration RENEW_RETRY = Duration.ofSeconds(5);
  private static final Duration RETIRE_POLL = Duration.ofMillis(50);
  private static final Duration NAME_HANDOVER = Duration.ofSeconds(1);

  /** Opens a connection that tells this supervisor of its life. */
  interface Connections {
    RelayConnection open(RelayConnection.Lifecycle lifecycle, RelayConnection replaces, boolean planned);
  }

  private final URI endpoint;
  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final ReconnectPolicy reconnectPolicy;
  private final long maxAgeNanos;
  private final Connections connections;
  private final ClientTimer timer;
  private final KeepAlive keepAlive;
  private final PendingCalls pending;
  private final ConnectionEvents events;
  private final Set<RelayConnection> retiring = ConcurrentHashMap.newKeySet();
  /** Whether this machine holds names: a replaced connection then stays open a little longer (see retire). */
  private volatile BooleanSupplier holdsNames = () -> false;

  private final Object lock = new Object();
  private volatile RelayConnection connection; // written under lock
  private volatile boolean closed; // written under lock
  // The rest is guarded by lock.
  /** Non-null while reconnecting after a drop: completes with the new connection, or fails when giving up. */
  private CompletableFuture<RelayConnection> reconnected;
  private int attempts;
  /** The connection opened to replace one that reached its maximum age, until it is identified. */
  private RelayConnection successor;

  ConnectionSupervisor(URI endpoint, Duration connectTimeout, Duration callTimeout, ReconnectPolicy reconnectPolicy,
      Duration maxConnectionAge, Connections connections, ClientTimer timer, KeepAlive keepAlive,
      PendingCalls pending, ConnectionEvents events) {
    this.endpoint = endpoint;
    this.connectTimeout = connectTimeout;
    this.callTimeout = callTimeout;
    this.reconnectPolicy = reconnectPolicy;
    this.maxAgeNanos = maxConnectionAge.toNanos();
    this.connections = connections;
    this.timer = timer;
    this.keepAlive = keepAlive;
    this.pending = pending;
    this.events = events;
  }

  URI endpoint() {
    return endpoint;
  }

  boolean isClosed() {
    return closed;
  }

  /** The current connection (identified or not), or null. */
  RelayConnection current() {
    return connection;
  }

  /** Whether {@code link} is the current connection and no successor is being opened to replace it. */
  boolean isLatest(RelayLink link) {
    synchronized (lock) {
      return link == connection && successor == null;
    }
  }

  /** The connection calls may go out on, or null. */
  RelayConnection ready() {
    RelayConnection c = connection;
    return c != null && c.isReady() && !closed ? c : null;
  }

  /** Completes with the connection that replaces a dropped one; null when not reconnecting (or closed). */
  CompletableFuture<RelayConnection> reconnecting() {
    synchronized (lock) {
      return closed ? null : reconnected;
    }
  }

  /** Connects unless connected (or reconnecting, then waits for it); returns this machine's ID. */
  String connect() {
    RelayConnection c;
    CompletableFuture<RelayConnection> comingBack;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("This Monologue client is closed; create a new one to connect again.");
      }
      comingBack = reconnected;
      c = connection;
      if (comingBack == null && (c == null || c.isDead())) {
        c = connections.open(this, null, false);
        connection = c;
        c.start(timer);
      }
    }
    return comingBack != null ? awaitReconnect(comingBack) : c.awaitId();
  }

  /** Waits for a reconnect in progress to complete; connect() called meanwhile returns the new ID. */
  private String awaitReconnect(CompletableFuture<RelayConnection> comingBack) {
    try {
      return comingBack.get(connectTimeout.toMillis() + RelayConnection.GRACE_MILLIS, TimeUnit.MILLISECONDS).id();
    } catch (ExecutionException e) {
      throw new ConnectFailedException(endpoint, "reconnecting failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new ConnectFailedException(endpoint, "still reconnecting after " + connectTimeout.toMillis() + " ms",
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectFailedException(endpoint, "interrupted while waiting for the relay", e);
    }
  }

  /** This machine's ID on the open connection. */
  String id() {
    RelayConnection c = connection;
    if (c != null && c.isReady()) {
      return c.id();
    }
    synchronized (lock) {
      if (reconnected != null) {
        throw new IllegalStateException("Reconnecting to the relay: the new ID is not known yet. A"
            + " ConnectionListener hears it (onReconnected), or connect() waits for it.");
      }
    }
    if (c == null || c.id() == null) {
      throw new IllegalStateException("Not connected: call connect() first; it returns this machine's ID.");
    }
    throw new IllegalStateException("The connection to the relay has closed; connect() again for a new ID.");
  }

  /** {@code c} knows its ID: calls go out on it from now on. */
  @Override
  public void onIdentified(RelayConnection c) {
    RelayConnection previous = c.replaces();
    CompletableFuture<RelayConnection> comingBack;
    synchronized (lock) {
      if (closed) {
        c.abort("the client is closed");
        return;
      }
      connection = c;
      comingBack = reconnected;
      reconnected = null;
      attempts = 0;
      if (successor == c) {
        successor = null;
      }
    }
    if (comingBack != null) {
      comingBack.complete(c);
    }
    keepAlive.start(c);
    if (maxAgeNanos > 0) {
      c.startAgeTimer(timer, maxAgeNanos, () -> renew(c));
    }
    if (previous != null) {
      log.info("Connected to {} again as {} (was {})", endpoint, c.id(), previous.id());
      events.reconnected(previous.id(), c.id());
      if (c.planned()) {
        retire(previous);
      }
    }
  }

  /** "The connection drops" starts here: {@code c} closed, after its handshake ended. */
  @Override
  public void onClosed(RelayConnection c, int code, String reason) {
    retiring.remove(c);
    String why = closed ? "closed by this client" : c.isRetired() ? "replaced by a fresh connection"
        : "the relay closed the connection (code " + code + (reason == null || reason.isEmpty() ? "" : ", "
        + reason) + ")";
    log.debug("Connection {} to {} closed: {}", c.id(), endpoint, why);
    pending.failAll(c, why);
    if (!c.isRetired() && c.id() != null) {
      dropped(c, why);
    }
  }

  /** The identified connection {@code c} closed without being asked to. */
  private void dropped(RelayConnection c, String why) {
    boolean replacing;
    synchronized (lock) {
      if (closed || connection != c) {
        return;
      }
      if (!reconnectPolicy.enabled()) {
        replacing = false;
      } else {
        replacing = true;
        if (reconnected == null) {
          reconnected = new CompletableFuture<>();
          attempts = 0;
        }
      }
    }
    log.info("Connection {} to {} dropped: {}{}", c.id(), endpoint, why, replacing ? "; reconnecting" : "");
    events.disconnected(c.id(), new ConnectionDroppedException(null, null, why));
    boolean successorUnderWay;
    synchronized (lock) {
      successorUnderWay = successor != null;
    }
    if (replacing && !successorUnderWay) {
      nextAttempt(c, null);
    }
  }

  /** Schedules the next reconnect attempt after {@code lost} dropped, or gives up as the policy says. */
  private void nextAttempt(RelayConnection lost, Throwable lastError) {
    int attempt;
    CompletableFuture<RelayConnection> givenUp = null;
    synchronized (lock) {
      if (closed || reconnected == null) {
        return;
      }
      attempt = ++attempts;
      if (!reconnectPolicy.allows(attempt)) {
        givenUp = reconnected;
        reconnected = null;
      }
    }
    if (givenUp != null) {
      int made = attempt - 1;
      log.warn("Gave up reconnecting to {} after {} attempts: {}", endpoint, made,
          lastError == null ? "no attempt allowed" : lastError.getMessage());
      givenUp.completeExceptionally(new NotConnectedException(null, null, "gave up reconnecting to " + endpoint
          + " after " + made + " attempts (MonologueOptions.reconnectPolicy); connect() tries again"));
      events.reconnectFailed(lost.id(), made, lastError);
      return;
    }
    Duration delay = reconnectPolicy.delayBefore(attempt, ThreadLocalRandom.current().nextDouble());
    log.debug("Reconnect attempt {} to {} in {} ms", attempt, endpoint, delay.toMillis());
    timer.schedule(() -> reconnect(lost), delay.toNanos());
  }

  private void reconnect(RelayConnection lost) {
    RelayConnection c;
    synchronized (lock) {
      if (closed || reconnected == null) {
        return;
      }
      c = connections.open(this, lost, false);
      connection = c;
    }
    c.whenConnectFails(error -> {
      log.debug("Reconnect attempt to {} failed: {}", endpoint, error.getMessage());
      nextAttempt(lost, error);
    });
    c.start(timer);
  }

  /** {@code old} reached its maximum age: opens its successor; {@link #onIdentified} switches to it. */
  private void renew(RelayConnection old) {
    RelayConnection next;
    synchronized (lock) {
      if (closed || connection != old || !old.isOpen() || reconnected != null || successor != null) {
        return;
      }
      next = connections.open(this, old, true);
      successor = next;
    }
    log.debug("Connection {} reached its maximum age; opening its successor", old.id());
    next.whenConnectFails(error -> renewFailed(old, next, error));
    next.start(timer);
  }

  private void renewFailed(RelayConnection old, RelayConnection next, Throwable error) {
    boolean reconnecting;
    synchronized (lock) {
      if (successor == next) {
        successor = null;
      }
      if (closed || connection != old) {
        return;
      }
      reconnecting = reconnected != null;
    }
    if (reconnecting) {
      nextAttempt(old, error); // the old one dropped meanwhile
    } else {
      log.warn("Could not open a successor to connection {}; trying again in {} s", old.id(),
          RENEW_RETRY.toSeconds(), error);
      old.startAgeTimer(timer, RENEW_RETRY.toNanos(), () -> renew(old));
    }
  }

  void holdsNames(BooleanSupplier holdsNames) {
    this.holdsNames = holdsNames;
  }

  /**
   * Closes {@code old} once no call is pending on it and it serves none, or after a call's timeout. A machine
   * with names waits {@link #NAME_HANDOVER} first: a request the relay resolved to the old connection just before
   * the new one claimed the names may still be on its way.
   */
  private void retire(RelayConnection old) {
    old.retire();
    old.stopTimers();
    retiring.add(old);
    long deadline = timer.nanoTime() + callTimeout.toNanos()
        + TimeUnit.MILLISECONDS.toNanos(RelayConnection.GRACE_MILLIS);
    if (holdsNames.getAsBoolean()) {
      timer.schedule(() -> closeWhenIdle(old, deadline), NAME_HANDOVER.toNanos());
    } else {
      closeWhenIdle(old, deadline);
    }
  }

  private void closeWhenIdle(RelayConnection old, long deadline) {
    boolean idle = pending.countOn(old) == 0 && old.serving() <= 0;
    if (idle || !old.isOpen() || timer.nanoTime() - deadline > 0) {
      log.debug("Closing the replaced connection {} ({})", old.id(), idle ? "idle" : "deadline");
      events.run(() -> old.close(CLOSE_WAIT));
    } else {
      timer.schedule(() -> closeWhenIdle(old, deadline), RETIRE_POLL.toNanos());
    }
  }

  /** Closes every connection; what is pending fails as closed by this client. Returns false if closed already. */
  boolean close() {
    RelayConnection c;
    RelayConnection next;
    CompletableFuture<RelayConnection> comingBack;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      c = connection;
      next = successor;
      comingBack = reconnected;
      reconnected = null;
    }
    pending.failAll(null, "closed by this client");
    if (comingBack != null) {
      comingBack.completeExceptionally(new NotConnectedException(null, null, "the client was closed"));
    }
    for (RelayConnection open : new RelayConnection[] {next, c}) {
      if (open != null) {
        open.failConnect("the client was closed while connecting", null);
        open.close(CLOSE_WAIT);
      }
    }
    for (RelayConnection old : retiring) {
      old.close(CLOSE_WAIT);
    }
    return true;
  }
}
