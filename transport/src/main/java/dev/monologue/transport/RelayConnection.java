package dev.monologue.transport;

import dev.monologue.ConnectFailedException;
import dev.monologue.MonologueException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket to the relay, from the handshake to its close: sends {@code whoami} once open and learns its ID from
 * the echo, hands every text frame to its {@link FrameHandler}, and tells its {@link Lifecycle} when it is
 * identified and when it closes. Its socket comes from the {@link RelaySocketFactory} the client was given.
 * What to do about a drop, a renewal or a keep-alive is the supervisor's business, not this class's. What its
 * keep-alive waits for is in its {@link KeepAliveState}, what API Gateway sent it in its {@link GatewayCounters}, how
 * far its connect got in its {@link ConnectProgress}.
 */
final class RelayConnection implements RelaySocket.Listener, RelayLink {
  private static final Logger log = LoggerFactory.getLogger(RelayConnection.class);
  private final PeerWarnings warnings = new PeerWarnings(log);
  /** Extra wait of a blocked caller beyond the connect timer, which normally fails the attempt first. */
  static final long GRACE_MILLIS = 1_000;

  /** Where the text frames of a connection go: the client's dispatcher. */
  interface FrameHandler {
    /** One text frame from the relay, on the socket's reader thread; may throw, which is logged. */
    void onFrame(RelayConnection connection, String text);
  }

  /** What the owner of a connection hears of its life. */
  interface Lifecycle {
    /** The relay told {@code connection} its ID; calls may go out on it. */
    void onIdentified(RelayConnection connection);

    /** {@code connection} has closed after its handshake ended ({@code code} and {@code reason} as the socket said). */
    void onClosed(RelayConnection connection, int code, String reason);
  }

  private final CompletableFuture<String> idFuture = new CompletableFuture<>();
  private final String whoamiToken;
  private final RelaySocket socket;
  private final RelayConnection replaces; // see replaces() and planned()
  private final boolean planned;
  private volatile String id;
  /**
   * The ID the relay told, set before {@link #id}: while the names are claimed, requests to them may arrive and are
   * served, but calls do not go out yet.
   */
  private volatile String relayId;
  private volatile boolean open;
  /** Closed on purpose, after its replacement took over: its closing is no drop. */
  private volatile boolean retired;
  /** Incoming calls whose handler has not replied yet. */
  private final AtomicInteger serving = new AtomicInteger();

  // What this connection carried: told by the methods below, read through what it means.
  private final LongSupplier clock;
  private volatile long lastSentNanos;
  /** When the last whole message arrived from the relay: a connection that carries nothing in is suspect. */
  private volatile long lastReceivedNanos;
  private final KeepAliveState keepAlive;
  private final GatewayCounters gateway = new GatewayCounters();
  private final ConnectProgress progress;

  private final ConnectionSettings settings;
  private final FrameWriter frames;
  private final FrameHandler handler;
  private final Lifecycle lifecycle;
  private volatile Exception lastError;
  private final ConnectionTimers timers = new ConnectionTimers();

  RelayConnection(ConnectionSettings settings, Tokens tokens, FrameWriter frames, FrameHandler handler,
      Lifecycle lifecycle, RelayConnection replaces, boolean planned) {
    this.settings = settings;
    this.whoamiToken = tokens.next();
    this.frames = frames;
    this.handler = handler;
    this.lifecycle = lifecycle;
    this.replaces = replaces;
    this.planned = planned;
    this.clock = settings.clock();
    long createdNanos = clock.getAsLong();
    this.lastSentNanos = createdNanos;
    this.lastReceivedNanos = createdNanos;
    this.keepAlive = new KeepAliveState(clock);
    this.progress = new ConnectProgress(clock, createdNanos);
    this.socket = settings.sockets().open(this);
  }

  /** Sends one frame and notes the time, for keep-alive. */
  void send(String frame) {
    lastSentNanos = clock.getAsLong();
    socket.send(frame);
  }

  /** Like {@link #send}, writing on the calling thread, which may block: see {@link RelaySocket#sendOnCallerThread}. */
  void sendOnCallerThread(String frame) {
    lastSentNanos = clock.getAsLong();
    socket.sendOnCallerThread(frame);
  }

  /** Its ID, set once it is ready for calls ({@link #isReady}); null before. */
  String id() {
    return id;
  }

  /** The connection this one replaces (after a drop, or ahead of its maximum age), or null. */
  RelayConnection replaces() {
    return replaces;
  }

  /** Whether it replaces a live connection that reached its maximum age. */
  boolean planned() {
    return planned;
  }

  /** Runs {@code action} with the reason when connecting fails (not when it succeeds). */
  void whenConnectFails(Consumer<Throwable> action) {
    idFuture.whenComplete((myId, error) -> {
      if (error != null) {
        action.accept(error);
      }
    });
  }

  /** Runs {@code whenOld} after {@code delayNanos}, unless its timers stop first (it closes, or is retired). */
  void startAgeTimer(ClientTimer timer, long delayNanos, Runnable whenOld) {
    timers.ageStarted(timer.schedule(whenOld, delayNanos));
  }

  /** Closes its socket, waiting up to {@code wait} for the close handshake. */
  void close(Duration wait) {
    socket.close(wait);
  }

  /** Drops its socket at once, without a close handshake; {@code why} is for the log. */
  void abort(String why) {
    socket.abort(why);
  }

  /** The ID the relay told (while its names are being claimed, too), or null before. */
  String relayId() {
    return relayId;
  }

  /** Whether {@code token} is the one its {@code whoami} carried: the frame is the relay's answer to it. */
  boolean answersWhoami(String token) {
    return whoamiToken.equals(token);
  }

  /** Whether the socket is open. */
  boolean isOpen() {
    return open;
  }

  /** Its replacement took over: closing it from now on is no drop. */
  void retire() {
    retired = true;
  }

  /** Whether it was retired ({@link #retire}). */
  boolean isRetired() {
    return retired;
  }

  /** An incoming call arrived on it; its handler has not replied yet. */
  void servingStarted() {
    serving.incrementAndGet();
  }

  /** An incoming call on it was answered, or will never be. */
  void servingEnded() {
    serving.decrementAndGet();
  }

  /** Incoming calls whose handler has not replied yet. */
  int serving() {
    return serving.get();
  }

  /** Whether it is open and still the one in use (not retired after its replacement took over). */
  boolean isLive() {
    return open && !retired;
  }

  /** Since when it has neither sent nor received anything, as the last of the two, on the client's clock. */
  long quietSinceNanos() {
    return Math.min(lastSentNanos, lastReceivedNanos);
  }

  /** Now, on the client's clock (the calls it delivers time their deadlines on it). */
  long nanoTime() {
    return clock.getAsLong();
  }

  /** What its keep-alive waits for and has seen. */
  KeepAliveState keepAlive() {
    return keepAlive;
  }

  /** The frames API Gateway itself sent it. */
  GatewayCounters gateway() {
    return gateway;
  }

  /**
   * One of API Gateway's throttle frames arrived. It answers the keep-alive waiting for its answer, if there is one
   * and {@code newest} says it was the newest message of those waiting (given when it went out): true then.
   */
  boolean throttleFrameReceived(LongPredicate newest) {
    gateway.throttleFrameReceived();
    return keepAlive.answeredByThrottle(newest);
  }

  @Override
  public boolean trySend(String frame) {
    if (!open) {
      return false;
    }
    try {
      send(frame);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  void stopTimers() {
    timers.stopAll();
    keepAlive.stopTimer();
  }

  /** Starts connecting; fails the attempt unless the relay tells this connection its ID within the timeout. */
  void start(ClientTimer timer) {
    Duration connectTimeout = settings.connectTimeout();
    timers.connectStarted(timer.schedule(() -> failConnect("the relay did not tell this machine its ID within "
        + connectTimeout.toMillis() + " ms (MonologueOptions.connectTimeout): " + stuckAt(), null),
        connectTimeout.toNanos()));
    socket.connect();
  }

  /** Where an unfinished connect stands, for its failure message. */
  String stuckAt() {
    return progress.stuckAt(relayId != null, gateway.throttleFrames());
  }

  boolean isDead() {
    return idFuture.isCompletedExceptionally() || (idFuture.isDone() && !open);
  }

  /** Whether calls may go out on this connection. */
  boolean isReady() {
    return id != null && open;
  }

  /** Waits for this connection's ID within the connect timeout. */
  String awaitId() {
    long millis = settings.connectTimeout().toMillis();
    try {
      return idFuture.get(millis + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MonologueException m) {
        throw m;
      }
      throw new ConnectFailedException(settings.endpoint(), String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      failConnect("no answer within " + millis + " ms", null);
      throw new ConnectFailedException(settings.endpoint(), "no answer within " + millis + " ms", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectFailedException(settings.endpoint(), "interrupted while waiting for the relay", e);
    }
  }

  /** Fails the connect attempt, unless it already ended, and drops the socket. */
  void failConnect(String reason, Throwable cause) {
    if (idFuture.completeExceptionally(new ConnectFailedException(settings.endpoint(), reason, cause))) {
      socket.close(Duration.ZERO);
    }
  }

  /**
   * The relay echoed this connection's {@code whoami}: {@code myId} is its ID. The connection is ready once the
   * settings' {@code beforeReady} step (claiming this machine's names) is done, within the connect timeout.
   */
  void identified(String myId) {
    relayId = myId;
    CompletableFuture<Void> step = settings.beforeReady().apply(this);
    if (step.isDone() && !step.isCompletedExceptionally()) {
      ready(myId);
      return;
    }
    step.whenComplete((ok, error) -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof MonologueException refused) {
        // a typed refusal (a name another machine holds): connect() throws it as it is
        if (idFuture.completeExceptionally(refused)) {
          socket.close(Duration.ZERO);
        }
      } else if (error != null) {
        failConnect("could not claim this machine's names: " + error.getMessage(), error);
      } else {
        ready(myId);
      }
    });
  }

  private void ready(String myId) {
    id = myId;
    timers.stopConnect();
    if (idFuture.complete(myId)) {
      log.debug("Connected to {} as {}", settings.endpoint(), myId);
      lifecycle.onIdentified(this);
    }
  }

  @Override
  public void onOpen() {
    progress.opened();
    open = true;
    try {
      send(frames.whoami(whoamiToken));
    } catch (IOException | RuntimeException e) {
      failConnect("could not send whoami: " + e.getMessage(), e);
    }
  }

  @Override
  public void onText(String text) {
    lastReceivedNanos = clock.getAsLong();
    if (relayId == null) {
      progress.frameBeforeId();
    }
    String previous = ConnectionLogTag.tag(relayId);
    try {
      handler.onFrame(this, text);
    } catch (RuntimeException e) {
      warnings.warn("Could not handle a frame from the relay: {}", FrameDispatcher.abbreviate(text), e);
    } finally {
      ConnectionLogTag.untag(previous);
    }
  }

  @Override
  public void onClosed(int code, String reason, boolean remote) {
    open = false;
    stopTimers();
    if (!idFuture.isDone()) {
      // The socket is closed already: no need to close it again.
      idFuture.completeExceptionally(new ConnectFailedException(settings.endpoint(),
          HandshakeRefusal.describe(code, reason, lastError, settings.apiKey() != null), lastError));
      return;
    }
    String previous = ConnectionLogTag.tag(relayId);
    try {
      lifecycle.onClosed(this, code, reason);
    } finally {
      ConnectionLogTag.untag(previous);
    }
  }

  @Override
  public void onError(Exception error) {
    lastError = error;
    String previous = ConnectionLogTag.tag(relayId);
    try {
      log.debug("WebSocket error on the connection to {}", settings.endpoint(), error);
    } finally {
      ConnectionLogTag.untag(previous);
    }
  }

  @Override
  public String toString() {
    return "RelayConnection{" + id + (open ? ", open" : "") + (retired ? ", retired" : "") + "}";
  }

  /** What every connection of one client shares: where to connect, and how; {@code clock} is the client's. */
  record ConnectionSettings(URI endpoint, String apiKey, Duration connectTimeout, RelaySocketFactory sockets,
      Function<RelayConnection, CompletableFuture<Void>> beforeReady, LongSupplier clock) {
  }
}
