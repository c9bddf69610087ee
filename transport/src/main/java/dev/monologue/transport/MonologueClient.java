package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.ConnectFailedException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.ConnectionListener;
import dev.monologue.MessageTooLargeException;
import dev.monologue.MethodHandler;
import dev.monologue.Monologue;
import dev.monologue.MonologueException;
import dev.monologue.MonologueJson;
import dev.monologue.MonologueOptions;
import dev.monologue.NotConnectedException;
import dev.monologue.ReconnectPolicy;
import dev.monologue.RemoteFailureException;
import dev.monologue.TooManyCallsException;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.RemoteInvoker;
import dev.monologue.runtime.ServiceSkeleton;
import dev.monologue.transport.HandlerRegistry.Registration;
import dev.monologue.transport.typed.ServiceBindings;
import java.io.IOException;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket implementation of {@link Monologue}. Besides the user API it offers the typed layer two entry
 * points: {@link #invoker(String)} (the {@link RemoteInvoker} a stub sends through) and
 * {@link #registerSkeleton(ServiceSkeleton)}.
 *
 * <p>Threads: frames are parsed and replies decoded on the socket's reader thread; handlers run on the handler
 * executor ({@link MonologueOptions#handlerExecutor()}, else a pool this client owns, see {@link HandlerPool}).
 * No user code runs on the reader thread, yet a caller blocked on a reply is woken by it directly: a blocking typed
 * call waits on the internal future the reader completes, and the futures of {@code call} and of asynchronous
 * stubs are {@link CallFuture}s, which the reader never completes. A thread blocked in their {@code get}/{@code join}
 * is woken by the reader and completes the future itself; when nobody is blocked, the handler executor completes
 * it. So their dependent stages run on the handler executor or on the user's own thread, and so do stages of
 * anything built from them ({@code allOf}, {@code thenCompose}, {@code minimalCompletionStage}...), which
 * overriding each composition method of a future completed on the reader thread could not promise.
 * One daemon thread, {@code monologue-timer}, times calls out, probes peers and keeps connections alive; another,
 * {@code monologue-events}, tells {@link ConnectionListener}s.
 *
 * <p>Staying connected: a dropped connection is replaced as the {@link ReconnectPolicy} says (the new connection
 * has a new ID); a quiet one sends a keep-alive {@code whoami} every {@code keepAliveInterval}; one that reaches
 * {@code maxConnectionAge} is replaced by a fresh one first, the old one closing once its calls are answered.
 */
public final class MonologueClient implements Monologue {
  private static final Logger log = LoggerFactory.getLogger(MonologueClient.class);
  static final String RELAY = "$relay";
  /** Extra wait of a blocked caller beyond the call's own timer, which normally fails the call first. */
  private static final long GRACE_MILLIS = 1_000;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  private static final Duration RENEW_RETRY = Duration.ofSeconds(5);
  private static final Duration RETIRE_POLL = Duration.ofMillis(50);
  private static final Pattern HTTP_STATUS = Pattern.compile("status code received: (\\d{3})");

  private final URI endpoint;
  private final String apiKey;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final JsonCodec codec;
  private final FrameWriter frames;
  private final FrameReader reader;
  private final Executor callbackExecutor;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService timer;
  private final Tokens tokens = new Tokens();
  private final HandlerRegistry handlers;
  private final PendingCalls pending;
  private final ReconnectPolicy reconnectPolicy;
  private final long keepAliveNanos;
  private final long maxAgeNanos;
  private final boolean failFastWhileDisconnected;
  private final int maxMessageBytes;
  private final CallSlots slots;
  private final ConnectionEvents events;
  private final PeerProbes probes;
  private final Set<Connection> retiring = ConcurrentHashMap.newKeySet();

  private final Object lock = new Object();
  private volatile Connection connection; // written under lock
  private volatile boolean closed; // written under lock
  // The rest is guarded by lock.
  /** Non-null while reconnecting after a drop: completes with the new connection, or fails when giving up. */
  private CompletableFuture<Connection> reconnected;
  private int attempts;
  /** The connection opened to replace one that reached its maximum age, until it is identified. */
  private Connection successor;

  MonologueClient(MonologueOptions options) {
    this.endpoint = Objects.requireNonNull(options.endpoint(), "options.endpoint() == null");
    this.apiKey = options.apiKey();
    this.timeout = options.timeout();
    this.connectTimeout = options.connectTimeout();
    ObjectMapper mapper = options.objectMapper() != null ? options.objectMapper() : MonologueJson.newMapper();
    this.codec = new JsonCodec(mapper);
    this.frames = new FrameWriter(codec);
    this.reader = new FrameReader(codec);
    if (options.handlerExecutor() != null) {
      this.callbackExecutor = options.handlerExecutor();
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = HandlerPool.create(options.maxQueuedHandlerCalls());
      this.callbackExecutor = ownedExecutor;
    }
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, HandlerPool.daemonThreads("monologue-timer-"));
    scheduler.setRemoveOnCancelPolicy(true); // most calls are answered; their timers must not pile up
    this.timer = scheduler;
    this.handlers = new HandlerRegistry(options.listeners());
    this.pending = new PendingCalls(timer, codec, timeout);
    this.reconnectPolicy = options.reconnectPolicy();
    this.keepAliveNanos = options.keepAliveInterval().toNanos();
    this.maxAgeNanos = options.maxConnectionAge().toNanos();
    this.failFastWhileDisconnected = options.failFastWhileDisconnected();
    this.maxMessageBytes = options.maxMessageBytes();
    this.slots = new CallSlots(options.maxCallsInFlight(), options.waitForCallSlot());
    this.events = new ConnectionEvents(options.connectionListeners());
    long probeNanos = options.probeInterval().toNanos();
    if (probeNanos > 0) {
      this.probes = new PeerProbes(pending, tokens, this::ping, probeNanos);
      timer.scheduleWithFixedDelay(this::probePeers, probeNanos, probeNanos, TimeUnit.NANOSECONDS);
    } else {
      this.probes = null;
    }
  }

  // ---------------------------------------------------------------------------------------------- connection

  @Override
  public String connect() {
    Connection c;
    CompletableFuture<Connection> comingBack;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("This Monologue client is closed; create a new one to connect again.");
      }
      comingBack = reconnected;
      c = connection;
      if (comingBack == null && (c == null || c.isDead())) {
        c = new Connection(null, false);
        connection = c;
        c.start();
      }
    }
    return comingBack != null ? awaitReconnect(comingBack) : c.awaitId();
  }

  /** Waits for a reconnect in progress to complete; connect() called meanwhile returns the new ID. */
  private String awaitReconnect(CompletableFuture<Connection> comingBack) {
    try {
      return comingBack.get(connectTimeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS).id;
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

  @Override
  public String id() {
    Connection c = connection;
    if (c != null && c.id != null && c.open) {
      return c.id;
    }
    synchronized (lock) {
      if (reconnected != null) {
        throw new IllegalStateException("Reconnecting to the relay: the new ID is not known yet. A"
            + " ConnectionListener hears it (onReconnected), or connect() waits for it.");
      }
    }
    if (c == null || c.id == null) {
      throw new IllegalStateException("Not connected: call connect() first; it returns this machine's ID.");
    }
    throw new IllegalStateException("The connection to the relay has closed; connect() again for a new ID.");
  }

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    events.add(Objects.requireNonNull(listener, "listener == null"));
  }

  @Override
  public boolean removeConnectionListener(ConnectionListener listener) {
    return events.remove(Objects.requireNonNull(listener, "listener == null"));
  }

  /** The connection calls may go out on, or null. */
  private Connection ready() {
    Connection c = connection;
    return c != null && c.id != null && c.open && !closed ? c : null;
  }

  /** One WebSocket to the relay, from the handshake to its close. */
  private final class Connection implements RelaySocket.Listener {
    final CompletableFuture<String> idFuture = new CompletableFuture<>();
    final String whoamiToken = tokens.next();
    final String keepAliveToken = tokens.next();
    final RelaySocket socket = new WebSocketRelaySocket(endpoint, apiKey, connectTimeout, this);
    /** The connection this one replaces (after a drop, or ahead of its maximum age), or null. */
    final Connection replaces;
    /** Whether this one replaces a live connection that reached its maximum age. */
    final boolean planned;
    volatile String id;
    volatile boolean open;
    /** Closed on purpose, after its replacement took over: its closing is no drop. */
    volatile boolean retired;
    volatile Exception lastError;
    volatile long lastSentNanos = System.nanoTime();
    final AtomicInteger keepAliveEchoes = new AtomicInteger();
    final AtomicInteger keepAlivesSent = new AtomicInteger();
    /** Incoming calls whose handler has not replied yet. */
    final AtomicInteger serving = new AtomicInteger();
    private volatile ScheduledFuture<?> connectTimer;
    private volatile ScheduledFuture<?> keepAliveTimer;
    private volatile ScheduledFuture<?> ageTimer;

    Connection(Connection replaces, boolean planned) {
      this.replaces = replaces;
      this.planned = planned;
    }

    /** Sends one frame and notes the time, for keep-alive. */
    void send(String frame) {
      lastSentNanos = System.nanoTime();
      socket.send(frame);
    }

    void stopTimers() {
      for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {connectTimer, keepAliveTimer, ageTimer}) {
        if (t != null) {
          t.cancel(false);
        }
      }
    }

    void start() {
      connectTimer = timer.schedule(() -> failConnect("the relay did not tell this machine its ID within "
          + connectTimeout.toMillis() + " ms (MonologueOptions.connectTimeout)", null), connectTimeout.toMillis(),
          TimeUnit.MILLISECONDS);
      socket.connect();
    }

    boolean isDead() {
      return idFuture.isCompletedExceptionally() || (idFuture.isDone() && !open);
    }

    String awaitId() {
      try {
        return idFuture.get(connectTimeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof MonologueException m) {
          throw m;
        }
        throw new ConnectFailedException(endpoint, String.valueOf(e.getCause()), e.getCause());
      } catch (TimeoutException e) {
        failConnect("no answer within " + connectTimeout.toMillis() + " ms", null);
        throw new ConnectFailedException(endpoint, "no answer within " + connectTimeout.toMillis() + " ms", null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectFailedException(endpoint, "interrupted while waiting for the relay", e);
      }
    }

    /** Fails the connect attempt, unless it already ended, and drops the socket. */
    void failConnect(String reason, Throwable cause) {
      if (idFuture.completeExceptionally(new ConnectFailedException(endpoint, reason, cause))) {
        socket.close(Duration.ZERO);
      }
    }

    @Override
    public void onOpen() {
      open = true;
      try {
        send(frames.whoami(whoamiToken));
      } catch (IOException | RuntimeException e) {
        failConnect("could not send whoami: " + e.getMessage(), e);
      }
    }

    @Override
    public void onText(String text) {
      try {
        onFrame(this, text);
      } catch (RuntimeException e) {
        log.warn("Could not handle a frame from the relay: {}", abbreviate(text), e);
      }
    }

    @Override
    public void onClosed(int code, String reason, boolean remote) {
      open = false;
      stopTimers();
      retiring.remove(this);
      if (!idFuture.isDone()) {
        // The socket is closed already: no need to close it again.
        idFuture.completeExceptionally(
            new ConnectFailedException(endpoint, refusal(code, reason, lastError), lastError));
        return;
      }
      String why = closed ? "closed by this client" : retired ? "replaced by a fresh connection"
          : "the relay closed the connection (code " + code + (reason == null || reason.isEmpty() ? "" : ", "
          + reason) + ")";
      log.debug("Connection {} to {} closed: {}", id, endpoint, why);
      pending.failAll(this, why);
      if (!retired && id != null) {
        dropped(this, why);
      }
    }

    @Override
    public void onError(Exception error) {
      lastError = error;
      log.debug("WebSocket error on the connection to {}", endpoint, error);
    }

    void identified(String myId) {
      id = myId;
      ScheduledFuture<?> t = connectTimer;
      if (t != null) {
        t.cancel(false);
      }
      if (idFuture.complete(myId)) {
        log.debug("Connected to {} as {}", endpoint, myId);
        onIdentified(this);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- staying up

  /** {@code c} knows its ID: calls go out on it from now on. */
  private void onIdentified(Connection c) {
    Connection previous = c.replaces;
    CompletableFuture<Connection> comingBack;
    synchronized (lock) {
      if (closed) {
        c.socket.abort("the client is closed");
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
    scheduleKeepAlive(c, keepAliveNanos);
    if (maxAgeNanos > 0) {
      c.ageTimer = schedule(() -> renew(c), maxAgeNanos);
    }
    if (previous != null) {
      log.info("Connected to {} again as {} (was {})", endpoint, c.id, previous.id);
      events.reconnected(previous.id, c.id);
      if (c.planned) {
        retire(previous);
      }
    }
  }

  /** The identified connection {@code c} closed without being asked to. */
  private void dropped(Connection c, String why) {
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
    log.info("Connection {} to {} dropped: {}{}", c.id, endpoint, why, replacing ? "; reconnecting" : "");
    events.disconnected(c.id, new ConnectionDroppedException(null, null, why));
    boolean successorUnderWay;
    synchronized (lock) {
      successorUnderWay = successor != null;
    }
    if (replacing && !successorUnderWay) {
      nextAttempt(c, null);
    }
  }

  /** Schedules the next reconnect attempt after {@code lost} dropped, or gives up as the policy says. */
  private void nextAttempt(Connection lost, Throwable lastError) {
    int attempt;
    CompletableFuture<Connection> givenUp = null;
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
      events.reconnectFailed(lost.id, made, lastError);
      return;
    }
    Duration delay = reconnectPolicy.delayBefore(attempt, ThreadLocalRandom.current().nextDouble());
    log.debug("Reconnect attempt {} to {} in {} ms", attempt, endpoint, delay.toMillis());
    schedule(() -> reconnect(lost), delay.toNanos());
  }

  private void reconnect(Connection lost) {
    Connection c;
    synchronized (lock) {
      if (closed || reconnected == null) {
        return;
      }
      c = new Connection(lost, false);
      connection = c;
    }
    c.idFuture.whenComplete((id, error) -> {
      if (error != null) {
        log.debug("Reconnect attempt to {} failed: {}", endpoint, error.getMessage());
        nextAttempt(lost, error);
      }
    });
    c.start();
  }

  /** {@code old} reached its maximum age: opens its successor; {@link #onIdentified} switches to it. */
  private void renew(Connection old) {
    Connection next;
    synchronized (lock) {
      if (closed || connection != old || !old.open || reconnected != null || successor != null) {
        return;
      }
      next = new Connection(old, true);
      successor = next;
    }
    log.debug("Connection {} reached its maximum age; opening its successor", old.id);
    next.idFuture.whenComplete((id, error) -> {
      if (error != null) {
        renewFailed(old, next, error);
      }
    });
    next.start();
  }

  private void renewFailed(Connection old, Connection next, Throwable error) {
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
      log.warn("Could not open a successor to connection {}; trying again in {} s", old.id,
          RENEW_RETRY.toSeconds(), error);
      old.ageTimer = schedule(() -> renew(old), RENEW_RETRY.toNanos());
    }
  }

  /** Closes {@code old} once no call is pending on it and it serves none, or after a call's timeout. */
  private void retire(Connection old) {
    old.retired = true;
    old.stopTimers();
    retiring.add(old);
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
    closeWhenIdle(old, deadline);
  }

  private void closeWhenIdle(Connection old, long deadline) {
    boolean idle = pending.countOn(old) == 0 && old.serving.get() <= 0;
    if (idle || !old.open || System.nanoTime() - deadline > 0) {
      log.debug("Closing the replaced connection {} ({})", old.id, idle ? "idle" : "deadline");
      events.run(() -> old.socket.close(CLOSE_WAIT));
    } else {
      schedule(() -> closeWhenIdle(old, deadline), RETIRE_POLL.toNanos());
    }
  }

  /** Sends a keep-alive when {@code c} has sent nothing for the interval; fails it when the echo does not come. */
  private void scheduleKeepAlive(Connection c, long delayNanos) {
    if (keepAliveNanos > 0) {
      c.keepAliveTimer = schedule(() -> keepAlive(c), delayNanos);
    }
  }

  private void keepAlive(Connection c) {
    if (!c.open || c.retired || closed) {
      return;
    }
    long idle = System.nanoTime() - c.lastSentNanos;
    if (idle < keepAliveNanos) {
      scheduleKeepAlive(c, keepAliveNanos - idle);
      return;
    }
    int echoes = c.keepAliveEchoes.get();
    try {
      c.send(frames.whoami(c.keepAliveToken));
      c.keepAlivesSent.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      return; // closing: its listener hears of it
    }
    schedule(() -> {
      if (c.open && !c.retired && c.keepAliveEchoes.get() == echoes) {
        log.warn("Connection {} to {} did not echo a keep-alive within {} ms; dropping it", c.id, endpoint,
            timeout.toMillis());
        c.socket.abort("no keep-alive echo within " + timeout.toMillis() + " ms");
      }
    }, timeout.toNanos());
    scheduleKeepAlive(c, keepAliveNanos);
  }

  private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    try {
      return timer.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("A scheduled task of the client failed", e);
        }
      }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null; // the client is closing
    }
  }

  private void probePeers() {
    try {
      probes.scan();
    } catch (RuntimeException e) {
      log.warn("Probing peers failed", e);
    }
  }

  private boolean ping(Object connection, String peer, String token) {
    Connection c = (Connection) connection;
    if (!c.open) {
      return false;
    }
    try {
      c.send(frames.ping(peer, token));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** How many calls hold a slot of maxCallsInFlight; for tests. */
  int callSlotsInUse() {
    return slots.inUse();
  }

  /** How many keep-alives the current connection sent and had echoed; for tests. */
  int[] keepAliveCounts() {
    Connection c = connection;
    return c == null ? new int[2] : new int[] {c.keepAlivesSent.get(), c.keepAliveEchoes.get()};
  }

  /** Why the handshake failed, in words a user can act on. */
  String refusal(int code, String reason, Exception error) {
    String text = (reason == null ? "" : reason) + " " + (error == null ? "" : String.valueOf(error.getMessage()));
    Matcher m = HTTP_STATUS.matcher(text);
    if (m.find()) {
      int status = Integer.parseInt(m.group(1));
      if (status == 401 || status == 403) {
        return apiKey == null
            ? "the relay requires an API key (HTTP " + status + "); set MonologueOptions.apiKey or MONOLOGUE_API_KEY"
            : "relay refused the API key (HTTP " + status + "); check MonologueOptions.apiKey or MONOLOGUE_API_KEY";
      }
      return "the relay refused the WebSocket handshake (HTTP " + status + ")";
    }
    if (error instanceof ConnectException || error instanceof UnknownHostException) {
      return "the relay is unreachable (" + error.getMessage() + "); check the endpoint and that the relay runs";
    }
    if (error != null) {
      return "the connection failed: " + error;
    }
    return "the connection closed before the relay said who we are (code " + code + ", " + reason + ")";
  }

  // --------------------------------------------------------------------------------------------- incoming

  private void onFrame(Connection c, String text) {
    FrameReader.Incoming frame;
    try {
      frame = reader.read(text, pending::waiting);
    } catch (IOException e) {
      log.warn("Ignoring a frame from the relay that is not JSON: {}", abbreviate(text));
      return;
    }
    if (frame == null) {
      log.warn("Ignoring a frame from the relay without an object payload: {}", abbreviate(text));
      return;
    }
    String from = frame.from();
    if (c.id == null) {
      if (from != null && c.whoamiToken.equals(frame.token())) {
        c.identified(from);
      } else {
        log.debug("Ignoring a frame that arrived before the whoami reply: {}", abbreviate(text));
      }
      return;
    }
    if (RELAY.equals(from)) {
      pending.onRelayError(frame, probes);
      return;
    }
    if (from == null) {
      log.warn("Ignoring a frame without a sender: {}", abbreviate(text));
      return;
    }
    if (from.equals(c.id) && c.keepAliveToken.equals(frame.token())) {
      c.keepAliveEchoes.incrementAndGet();
      return;
    }
    String type = frame.type();
    switch (type) {
      case "REQ" -> onRequest(c, frame);
      case "ACK" -> pending.onAck(frame);
      case "ERR" -> pending.onError(frame);
      case "PING" -> onPing(c, frame);
      case "PONG" -> {
        if (probes != null) {
          probes.onPong(from, frame.token());
        }
      }
      default -> log.debug("Ignoring a frame of type '{}' from {}", type, from);
    }
  }

  private void onPing(Connection c, FrameReader.Incoming ping) {
    if (ping.token() != null) {
      reply(c, frames.pong(ping.from(), ping.token()));
    }
  }

  private void onRequest(Connection c, FrameReader.Incoming request) {
    String from = request.from();
    String token = request.token();
    if (token == null) {
      log.warn("Ignoring a request from {} without a token: the reply could not be addressed", from);
      return;
    }
    String name = request.name();
    if (name == null) {
      reply(c, frames.error(from, token, RemoteFailureException.BAD_ARGUMENTS,
          "the request has no method name", null));
      return;
    }
    Registration registration = handlers.get(name);
    if (registration == null) {
      reply(c, frames.error(from, token, PendingCalls.NO_SUCH_METHOD,
          "nothing is registered under '" + name + "'", null));
      return;
    }
    JsonNode args = request.args();
    if (args != null && !args.isArray() && !args.isNull()) {
      reply(c, frames.error(from, token, RemoteFailureException.BAD_ARGUMENTS,
          "args of " + name + " must be a JSON array", null));
      return;
    }
    JsonNode argArray = args == null || args.isNull() ? null : args;
    c.serving.incrementAndGet();
    try {
      callbackExecutor.execute(() -> runHandler(c, registration, from, token, argArray));
    } catch (RuntimeException e) {
      // A full queue or a closing client. The caller hears of it at once instead of at its timeout.
      c.serving.decrementAndGet();
      boolean full = e instanceof RejectedExecutionException;
      log.warn("The handler executor rejected a call of {} from {}: {}", name, from, e.toString());
      reply(c, frames.error(from, token, full ? RemoteFailureException.OVERLOADED
          : RemoteFailureException.HANDLER_FAILED, "the handler executor of this machine rejected the call to "
          + name + (full ? " (too much queued work: MonologueOptions.maxQueuedHandlerCalls; retry later)"
          : " (" + e + ")"), e.getClass().getName()));
    }
  }

  private void runHandler(Connection c, Registration r, String caller, String token, JsonNode args) {
    Object result;
    try {
      result = r.handler().handle(new JsonArguments(codec, args, caller, r.name()));
    } catch (Throwable t) {
      replyFailure(c, r, caller, token, t);
      if (t instanceof VirtualMachineError e) {
        throw e;
      }
      return;
    }
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete((value, error) -> {
        if (error != null) {
          replyFailure(c, r, caller, token, error);
        } else {
          replyValue(c, r, caller, token, value);
        }
      });
    } else {
      replyValue(c, r, caller, token, result);
    }
  }

  private void replyValue(Connection c, Registration r, String caller, String token, Object value) {
    String frame;
    try {
      frame = frames.ack(caller, token, value, r.resultType());
    } catch (IOException | RuntimeException e) {
      log.warn("The result of {} could not be encoded as JSON", r.name(), e);
      frame = frames.error(caller, token, RemoteFailureException.HANDLER_FAILED, "the result of " + r.name()
          + " (a " + value.getClass().getName() + ") could not be encoded as JSON: "
          + JsonArguments.firstLine(e.getMessage()), e.getClass().getName());
    }
    long size = FrameWriter.utf8Length(frame);
    if (size > maxMessageBytes) {
      log.warn("The result of {} for {} is {} bytes encoded, over the relay's limit of {}", r.name(), caller, size,
          maxMessageBytes);
      frame = frames.error(caller, token, RemoteFailureException.HANDLER_FAILED, "the result of " + r.name()
          + " is " + size + " bytes encoded, over the relay's limit of " + maxMessageBytes + " bytes; return"
          + " less data", MessageTooLargeException.class.getName());
    }
    reply(c, frame);
    c.serving.decrementAndGet();
  }

  private void replyFailure(Connection c, Registration r, String caller, String token, Throwable thrown) {
    Throwable t = DeclaredExceptions.unwrap(thrown);
    String frame;
    if (t instanceof BadArgumentsException) {
      log.debug("Bad arguments for {} from {}: {}", r.name(), caller, t.getMessage());
      frame = frames.error(caller, token, RemoteFailureException.BAD_ARGUMENTS, t.getMessage(), null);
    } else {
      log.debug("Handler of {} failed for {}", r.name(), caller, t);
      frame = frames.error(caller, token, RemoteFailureException.HANDLER_FAILED, t.getMessage(),
          t.getClass().getName());
    }
    reply(c, frame);
    c.serving.decrementAndGet();
  }

  private void reply(Connection c, String frame) {
    try {
      c.send(frame);
    } catch (RuntimeException e) {
      log.warn("A reply was lost: the connection to the relay closed before it could be sent ({})", e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------- serving

  @Override
  public void on(String name, MethodHandler handler) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(handler, "handler == null");
    requireName(name);
    handlers.addAll(List.of(new Registration(name, handler, null, "on(\"" + name + "\")")));
  }

  /** Serves every method of {@code skeleton} under its wire name; each counts towards the listener limit. */
  public void registerSkeleton(ServiceSkeleton skeleton) {
    Objects.requireNonNull(skeleton, "skeleton == null");
    String owner = "service " + skeleton.descriptor().type().getName();
    List<Registration> registrations = new ArrayList<>();
    for (MethodDescriptor method : skeleton.descriptor().methods()) {
      registrations.add(
          new Registration(method.wireName(), new SkeletonHandler(skeleton, method), method.resultType(), owner));
    }
    handlers.addAll(registrations);
  }

  @Override
  public <T> void register(Class<T> service, T implementation) {
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(implementation, "implementation == null");
    registerSkeleton(ServiceBindings.skeleton(service, implementation));
  }

  // ---------------------------------------------------------------------------------------------- calling

  @Override
  public CompletableFuture<JsonNode> call(String to, String name, Object... args) {
    return CallFuture.of(send(to, name, args, null, JsonNode.class), callbackExecutor, error -> error);
  }

  @Override
  public <R> CompletableFuture<R> call(String to, String name, Class<R> returnType, Object... args) {
    Objects.requireNonNull(returnType, "returnType == null");
    // The reply was decoded with the requested type on the reader thread.
    return CallFuture.of(send(to, name, args, null, returnType), callbackExecutor, error -> error);
  }

  @Override
  public <T> T stub(String to, Class<T> service) {
    Objects.requireNonNull(service, "service == null");
    return ServiceBindings.stub(service, invoker(to));
  }

  /** The invoker a stub of any service uses to call machine {@code to}. */
  public RemoteInvoker invoker(String to) {
    Objects.requireNonNull(to, "to == null");
    return new PeerInvoker(this, to);
  }

  Executor callbackExecutor() {
    return callbackExecutor;
  }

  /**
   * Sends one request and returns its pending reply. {@code parameterTypes} (null: runtime classes) encode the
   * arguments; {@code resultType} decodes the result on the reader thread. The future completes directly on the
   * thread that resolves it, often the reader: hand it to user code only through a {@link CallFuture}.
   *
   * @throws IllegalArgumentException if an argument cannot be encoded as JSON
   */
  CompletableFuture<Object> send(String to, String name, Object[] args, List<Type> parameterTypes,
      Type resultType) {
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(args, "args == null; pass (Object) null to send one null argument");
    requireName(name);
    Connection c = ready();
    CompletableFuture<Connection> comingBack = null;
    if (c == null) {
      synchronized (lock) {
        comingBack = closed ? null : reconnected;
      }
      if (comingBack == null) {
        return CompletableFuture.failedFuture(new NotConnectedException(name, to));
      }
      if (failFastWhileDisconnected) {
        return CompletableFuture.failedFuture(new NotConnectedException(name, to, "reconnecting to the relay;"
            + " MonologueOptions.failFastWhileDisconnected is set, so calls do not wait for the connection"));
      }
    }
    String token = tokens.next();
    String frame;
    try {
      frame = frames.request(to, token, name, args, parameterTypes);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("The arguments of " + name + " for " + to + " could not be encoded as"
          + " JSON: " + JsonArguments.firstLine(e.getMessage()), e);
    }
    // A char is at most 3 UTF-8 bytes: most frames need no count.
    if ((long) frame.length() * 3 > maxMessageBytes) {
      long size = FrameWriter.utf8Length(frame);
      if (size > maxMessageBytes) {
        return CompletableFuture.failedFuture(new MessageTooLargeException(name, to, size, maxMessageBytes));
      }
    }
    long start = System.nanoTime();
    try {
      slots.acquire(name, to, timeout.toNanos());
    } catch (TooManyCallsException e) {
      return CompletableFuture.failedFuture(e);
    }
    long left = timeout.toNanos() - (System.nanoTime() - start);
    ReplyFuture call;
    try {
      call = comingBack == null ? dispatch(c, token, frame, name, to, resultType, left)
          : afterReconnect(comingBack, token, frame, name, to, resultType, System.nanoTime() + left);
    } catch (RuntimeException | Error e) {
      slots.release();
      throw e;
    }
    // Before the reply is seen: a caller woken by it may call again at once, and needs the slot.
    call.beforeCompletion(slots::release);
    return call;
  }

  private PendingCall dispatch(Connection c, String token, String frame, String name, String to, Type resultType,
      long timeoutNanos) {
    PendingCall call = pending.open(token, name, to, resultType, c, timeoutNanos);
    try {
      c.send(frame);
    } catch (RuntimeException e) {
      pending.failToSend(call, new ConnectionDroppedException(name, to, "the connection closed before the"
          + " request could be sent"));
    }
    return call;
  }

  /** A call made while reconnecting: sent once the connection is back, failed if that takes past its deadline. */
  private ReplyFuture afterReconnect(CompletableFuture<Connection> comingBack, String token,
      String frame, String name, String to, Type resultType, long deadline) {
    ReplyFuture result = new ReplyFuture();
    AtomicReference<PendingCall> sent = new AtomicReference<>();
    ScheduledFuture<?> expiry = schedule(() -> result.completeExceptionally(
        new NotConnectedException(name, to, "reconnecting to the relay did not succeed within the call's timeout"
            + " of " + timeout.toMillis() + " ms")), deadline - System.nanoTime());
    comingBack.whenComplete((c, error) -> {
      if (result.isDone()) {
        return;
      }
      if (error != null) {
        if (expiry != null) {
          expiry.cancel(false);
        }
        Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
        String why = cause instanceof MonologueException ? cause.getMessage() : String.valueOf(cause);
        result.completeExceptionally(new NotConnectedException(name, to, why));
        return;
      }
      PendingCall call = dispatch(c, token, frame, name, to, resultType, deadline - System.nanoTime());
      sent.set(call);
      call.whenComplete((value, failure) -> {
        if (expiry != null) {
          expiry.cancel(false);
        }
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
      });
    });
    result.whenComplete((value, error) -> {
      PendingCall call = sent.get();
      if (result.isCancelled() && call != null) {
        call.cancel(false);
      }
    });
    return result;
  }

  /** Waits for {@code reply} within the timeout and a grace period; failures come out as they are. */
  Object await(CompletableFuture<Object> reply, String method, String peer) {
    try {
      return reply.get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("Call of " + method + " on " + peer + " failed: " + cause, cause);
    } catch (TimeoutException e) {
      reply.cancel(false);
      throw new dev.monologue.CallTimeoutException(method, peer, timeout);
    } catch (InterruptedException e) {
      reply.cancel(false);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the reply of " + method + " on " + peer, e);
    }
  }

  private static void requireName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
  }

  // ---------------------------------------------------------------------------------------------- closing

  @Override
  public void close() {
    Connection c;
    Connection next;
    CompletableFuture<Connection> comingBack;
    synchronized (lock) {
      if (closed) {
        return;
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
    for (Connection open : new Connection[] {next, c}) {
      if (open != null) {
        open.failConnect("the client was closed while connecting", null);
        open.socket.close(CLOSE_WAIT);
      }
    }
    for (Connection old : retiring) {
      old.socket.close(CLOSE_WAIT);
    }
    timer.shutdownNow();
    events.shutdown();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  @Override
  public String toString() {
    Connection c = connection;
    return "MonologueClient{endpoint=" + endpoint + ", id=" + (c == null ? null : c.id) + ", closed=" + closed + "}";
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "… (" + text.length() + " chars)";
  }
}
