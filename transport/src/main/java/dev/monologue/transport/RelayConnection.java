package dev.monologue.transport;

import dev.monologue.ConnectFailedException;
import dev.monologue.MonologueException;
import dev.monologue.wire.LogKeys;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One socket to the relay, from the handshake to its close: sends {@code whoami} once open and learns its ID from
 * the echo, hands every text frame to its {@link FrameHandler}, and tells its {@link Lifecycle} when it is
 * identified and when it closes. Its socket comes from the {@link RelaySocketFactory} the client was given.
 * What to do about a drop, a renewal or a keep-alive is the supervisor's business, not this class's.
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

  final CompletableFuture<String> idFuture = new CompletableFuture<>();
  private final String whoamiToken;
  final RelaySocket socket;
  /** The connection this one replaces (after a drop, or ahead of its maximum age), or null. */
  final RelayConnection replaces;
  /** Whether this one replaces a live connection that reached its maximum age. */
  final boolean planned;
  volatile String id;
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
  volatile ScheduledFuture<?> ageTimer;

  // What this connection carried and what its keep-alive waits for: told by the methods below (KeepAlive, the
  // dispatcher, ThrottleFrames say what happened), read through what it means.
  private final LongSupplier clock;
  private volatile long lastSentNanos;
  /** When the last whole message arrived from the relay: a connection that carries nothing in is suspect. */
  private volatile long lastReceivedNanos;
  private final AtomicInteger keepAliveEchoes = new AtomicInteger();
  /** API Gateway's "Internal server error" frames received: the relay function failed on a frame sent here. */
  private final AtomicInteger gatewayErrors = new AtomicInteger();
  /** API Gateway's throttle frames received ({@link ThrottleFrames}). */
  private final AtomicInteger throttleFrames = new AtomicInteger();
  /** Keep-alives a throttle frame was matched to: answered by API Gateway, so the connection is alive. */
  private final AtomicInteger keepAlivesThrottled = new AtomicInteger();
  /** A keep-alive went out and neither its echo nor a throttle frame has answered it yet. */
  private final AtomicBoolean keepAliveAwaited = new AtomicBoolean();
  /** When the last keep-alive went out, on {@link #clock}. */
  private volatile long keepAliveSentNanos;
  private final AtomicInteger keepAlivesSent = new AtomicInteger();
  /** Guarded by {@link #keepAliveLock}: one keep-alive timer per connection, however many reschedule it at once. */
  private ScheduledFuture<?> keepAliveTimer;
  private final Object keepAliveLock = new Object();

  private final ConnectionSettings settings;
  private final FrameWriter frames;
  private final FrameHandler handler;
  private final Lifecycle lifecycle;
  private volatile Exception lastError;
  private volatile ScheduledFuture<?> connectTimer;
  private final long createdNanos;
  /** When the WebSocket opened (0: not yet), and how many frames arrived before the ID: to say where a connect stuck. */
  private volatile long openedNanos;
  private final AtomicInteger framesBeforeId = new AtomicInteger();

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
    this.createdNanos = clock.getAsLong();
    this.lastSentNanos = createdNanos;
    this.lastReceivedNanos = createdNanos;
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

  /** Replaces its keep-alive timer with the one {@code next} schedules (null: none), cancelling the previous. */
  void replaceKeepAliveTimer(Supplier<ScheduledFuture<?>> next) {
    synchronized (keepAliveLock) {
      if (keepAliveTimer != null) {
        keepAliveTimer.cancel(false);
      }
      keepAliveTimer = next.get();
    }
  }

  /**
   * A keep-alive is about to go out, now: from here it waits for an answer. Returns the answers counted so far, for
   * {@link #keepAliveAnsweredSince}.
   */
  int keepAliveSending() {
    int answers = keepAliveEchoes.get() + keepAlivesThrottled.get();
    keepAliveSentNanos = clock.getAsLong();
    keepAliveAwaited.set(true);
    return answers;
  }

  /** The keep-alive went out. */
  void keepAliveSent() {
    keepAlivesSent.incrementAndGet();
  }

  /** Whether an answer (its echo, or a throttle frame matched to it) came since {@link #keepAliveSending} said so. */
  boolean keepAliveAnsweredSince(int answers) {
    return keepAliveEchoes.get() + keepAlivesThrottled.get() != answers;
  }

  /** The relay answered this connection's keep-alive. */
  void keepAliveAnswered() {
    keepAliveAwaited.set(false);
    keepAliveEchoes.incrementAndGet();
  }

  /** One of API Gateway's "Internal server error" frames arrived. */
  void gatewayErrorReceived() {
    gatewayErrors.incrementAndGet();
  }

  /**
   * One of API Gateway's throttle frames arrived. It answers the keep-alive waiting for its answer, if there is one
   * and {@code newest} says it was the newest message of those waiting (given when it went out): true then.
   */
  boolean throttleFrameReceived(LongPredicate newest) {
    throttleFrames.incrementAndGet();
    if (!keepAliveAwaited.get() || !newest.test(keepAliveSentNanos) || !keepAliveAwaited.compareAndSet(true, false)) {
      return false;
    }
    keepAlivesThrottled.incrementAndGet();
    return true;
  }

  /** API Gateway's "Internal server error" frames received. */
  int gatewayErrors() {
    return gatewayErrors.get();
  }

  /** API Gateway's throttle frames received. */
  int throttleFrames() {
    return throttleFrames.get();
  }

  /** Keep-alives a throttle frame answered. */
  int keepAlivesThrottled() {
    return keepAlivesThrottled.get();
  }

  /** Keep-alives sent, and answers echoed. */
  int[] keepAliveCounts() {
    return new int[] {keepAlivesSent.get(), keepAliveEchoes.get()};
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
    ScheduledFuture<?> keepAlive;
    synchronized (keepAliveLock) {
      keepAlive = keepAliveTimer;
    }
    for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {connectTimer, keepAlive, ageTimer}) {
      if (t != null) {
        t.cancel(false);
      }
    }
  }

  /** Starts connecting; fails the attempt unless the relay tells this connection its ID within the timeout. */
  void start(ClientTimer timer) {
    Duration connectTimeout = settings.connectTimeout();
    connectTimer = timer.schedule(() -> failConnect("the relay did not tell this machine its ID within "
        + connectTimeout.toMillis() + " ms (MonologueOptions.connectTimeout): " + stuckAt(), null),
        connectTimeout.toNanos());
    socket.connect();
  }

  /** Where an unfinished connect stands, for its failure message. */
  String stuckAt() {
    long opened = openedNanos;
    if (opened == 0) {
      return "the WebSocket handshake did not complete";
    }
    String open = "the WebSocket opened after " + TimeUnit.NANOSECONDS.toMillis(opened - createdNanos)
        + " ms and whoami was sent; ";
    if (relayId != null) {
      return open + "the relay told the ID, but did not answer the claims of this machine's names";
    }
    int frames = framesBeforeId.get();
    int throttled = throttleFrames.get();
    if (throttled > 0) {
      return open + "API Gateway throttled " + throttled + " of this machine's messages (the stage's"
          + " ThrottlingRateLimit and ThrottlingBurstLimit, or the account's quota): connect again later, or raise them";
    }
    return open + (frames == 0 ? "nothing came back" : frames + " frames came back, none the whoami reply");
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
    ScheduledFuture<?> t = connectTimer;
    if (t != null) {
      t.cancel(false);
    }
    if (idFuture.complete(myId)) {
      log.debug("Connected to {} as {}", settings.endpoint(), myId);
      lifecycle.onIdentified(this);
    }
  }

  @Override
  public void onOpen() {
    openedNanos = clock.getAsLong() | 1; // never 0
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
      framesBeforeId.incrementAndGet();
    }
    String previous = tagLogLines();
    try {
      handler.onFrame(this, text);
    } catch (RuntimeException e) {
      warnings.warn("Could not handle a frame from the relay: {}", FrameDispatcher.abbreviate(text), e);
    } finally {
      untagLogLines(previous);
    }
  }

  /**
   * Tags the lines the reader thread logs while it handles this connection's frame (the dispatcher's, the pending
   * calls', the keep-alive's) with the connection's ID, once the relay told it, under the MDC key
   * {@value LogKeys#CONNECTION_ID}; returns what was there, for {@link #untagLogLines}.
   */
  private String tagLogLines() {
    String previous = MDC.get(LogKeys.CONNECTION_ID);
    String known = relayId;
    if (known != null) {
      MDC.put(LogKeys.CONNECTION_ID, known);
    }
    return previous;
  }

  private static void untagLogLines(String previous) {
    if (previous == null) {
      MDC.remove(LogKeys.CONNECTION_ID);
    } else {
      MDC.put(LogKeys.CONNECTION_ID, previous);
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
    String previous = tagLogLines();
    try {
      lifecycle.onClosed(this, code, reason);
    } finally {
      untagLogLines(previous);
    }
  }

  @Override
  public void onError(Exception error) {
    lastError = error;
    String previous = tagLogLines();
    try {
      log.debug("WebSocket error on the connection to {}", settings.endpoint(), error);
    } finally {
      untagLogLines(previous);
    }
  }

  @Override
  public String toString() {
    return "RelayConnection{" + id + (open ? ", open" : "") + (retired ? ", retired" : "") + "}";
  }

  /** What every connection of one client shares: where to connect, and how. */
  record ConnectionSettings(URI endpoint, String apiKey, Duration connectTimeout, RelaySocketFactory sockets,
      Function<RelayConnection, CompletableFuture<Void>> beforeReady, LongSupplier clock) {
    ConnectionSettings(URI endpoint, String apiKey, Duration connectTimeout, RelaySocketFactory sockets) {
      this(endpoint, apiKey, connectTimeout, sockets, c -> CompletableFuture.completedFuture(null));
    }

    ConnectionSettings(URI endpoint, String apiKey, Duration connectTimeout, RelaySocketFactory sockets,
        Function<RelayConnection, CompletableFuture<Void>> beforeReady) {
      this(endpoint, apiKey, connectTimeout, sockets, beforeReady, System::nanoTime);
    }
  }
}
