package dev.monologue.transport;

import java.time.Duration;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every exchange this client waits on, by token, in one table with one timeout path: calls ({@link PendingCall};
 * {@link CallSender.AwaitingConnection} while a call made during a reconnection waits to be sent), requests made of
 * the relay ({@link RelayRequests.Request}), {@code callAll}s ({@link FanOuts.FanOut}) and liveness probes
 * ({@link PeerProbes.Probe}). Each entry carries its deadline on the client's clock; one {@link DeadlineSweep} on
 * the client's timer ends those past theirs. The parts that own each kind decode its answers and keep its policy;
 * they register here and resolve through here: whatever ends an exchange (its answer, a failed send, its timeout,
 * its connection closing, the client closing, its caller cancelling) first removes it, so it ends once and nothing
 * is left behind.
 */
final class PendingExchanges {
  /** How late an exchange may time out: the resolution of the one timer task that times them all out. */
  static final Duration TIMEOUT_RESOLUTION = Duration.ofMillis(10);
  static final String CLOSED_BY_CLIENT = "closed by this client";

  /** One exchange waiting for its answer. The table calls {@link #expire} and {@link #dropped} after removing it. */
  sealed interface Exchange permits PendingCall, CallSender.AwaitingConnection, RelayRequests.Request,
      FanOuts.FanOut, PeerProbes.Probe {
    String token();

    /** When it times out, on the client's clock ({@link ClientTimer#nanoTime()}). */
    long deadlineNanos();

    /** The connection it went out on; null while it waits for one (only that connection's closing ends it). */
    RelayLink connection();

    /** Its deadline passed without its answer. */
    void expire();

    /** Its connection closed, or the client is closing ({@code reason} says which), before its answer came. */
    void dropped(String reason);
  }

  private final ConcurrentHashMap<String, Exchange> byToken = new ConcurrentHashMap<>();
  private final ClientTimer timer;
  private final DeadlineSweep sweep;
  /** Set once the client closes: an exchange opened afterwards is dropped at once. */
  private volatile boolean closed;

  PendingExchanges(ClientTimer timer) {
    this.timer = timer;
    this.sweep = new DeadlineSweep(timer, this::expire, TIMEOUT_RESOLUTION);
  }

  /** Now, on the client's clock. */
  long nanoTime() {
    return timer.nanoTime();
  }

  /**
   * Registers {@code exchange} (whose deadline is set); its request is sent afterwards. False when the client is
   * closing: it was dropped at once.
   */
  boolean open(Exchange exchange) {
    byToken.put(exchange.token(), exchange);
    // closeAll may have run before the put was visible to it; and a stopped timer means the client is closing
    if ((closed || !sweep.added(exchange.deadlineNanos())) && byToken.remove(exchange.token(), exchange)) {
      exchange.dropped(CLOSED_BY_CLIENT);
      return false;
    }
    return true;
  }

  /** The exchange waiting with {@code token}, or null; it stays pending. */
  Exchange get(String token) {
    return token == null ? null : byToken.get(token);
  }

  /** Removes {@code exchange}; whether this call removed it (and so is the one path that ends it). */
  boolean remove(Exchange exchange) {
    return byToken.remove(exchange.token(), exchange);
  }

  /** The exchanges pending, a view that iteration reads as it goes (weakly consistent). */
  Collection<Exchange> all() {
    return byToken.values();
  }

  /** How many exchanges are pending, of every kind. */
  int size() {
    return byToken.size();
  }

  /** How many exchanges of {@code kind} are pending. */
  int count(Class<? extends Exchange> kind) {
    int n = 0;
    for (Exchange e : byToken.values()) {
      if (kind.isInstance(e)) {
        n++;
      }
    }
    return n;
  }

  /** Drops, at once, every exchange that went out on {@code connection}, which closed for {@code reason}. */
  void dropAll(RelayLink connection, String reason) {
    for (Exchange e : byToken.values()) {
      if (e.connection() == connection && byToken.remove(e.token(), e)) {
        e.dropped(reason);
      }
    }
  }

  /** The client is closing for {@code reason}: drops every exchange, and those opened from now on. */
  void closeAll(String reason) {
    closed = true;
    for (Exchange e : byToken.values()) {
      if (byToken.remove(e.token(), e)) {
        e.dropped(reason);
      }
    }
  }

  /** On the timer: ends the exchanges past their deadline at {@code now}; returns the earliest deadline left. */
  private OptionalLong expire(long now) {
    long earliest = 0;
    boolean any = false;
    for (Exchange e : byToken.values()) {
      long deadline = e.deadlineNanos();
      if (deadline - now <= 0) {
        if (byToken.remove(e.token(), e)) {
          e.expire();
        }
      } else if (!any || deadline - earliest < 0) {
        earliest = deadline;
        any = true;
      }
    }
    return any ? OptionalLong.of(earliest) : OptionalLong.empty();
  }
}
