package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.ConnectFailedException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MethodHandler;
import dev.monologue.Monologue;
import dev.monologue.MonologueException;
import dev.monologue.MonologueJson;
import dev.monologue.MonologueOptions;
import dev.monologue.NotConnectedException;
import dev.monologue.RemoteFailureException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket implementation of {@link Monologue}. Besides the user API it offers the typed layer two entry
 * points: {@link #invoker(String)} (the {@link RemoteInvoker} a stub sends through) and
 * {@link #registerSkeleton(ServiceSkeleton)}.
 *
 * <p>Threads: frames are parsed and replies decoded on the socket's reader thread; handlers run, and the futures
 * returned by {@code call} complete, on the handler executor ({@link MonologueOptions#handlerExecutor()}, else a
 * pool this client owns, see {@link HandlerPool}); a blocking typed call is woken directly by the reader thread.
 * One daemon thread, {@code monologue-timer}, times calls out.
 */
public final class MonologueClient implements Monologue {
  private static final Logger log = LoggerFactory.getLogger(MonologueClient.class);
  static final String RELAY = "$relay";
  /** Extra wait of a blocked caller beyond the call's own timer, which normally fails the call first. */
  private static final long GRACE_MILLIS = 1_000;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  private static final Pattern HTTP_STATUS = Pattern.compile("status code received: (\\d{3})");

  private final URI endpoint;
  private final String apiKey;
  private final Duration timeout;
  private final JsonCodec codec;
  private final FrameWriter frames;
  private final Executor callbackExecutor;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService timer;
  private final Tokens tokens = new Tokens();
  private final HandlerRegistry handlers;
  private final PendingCalls pending;

  private final Object lock = new Object();
  private volatile Connection connection; // written under lock
  private volatile boolean closed; // written under lock

  MonologueClient(MonologueOptions options) {
    this.endpoint = Objects.requireNonNull(options.endpoint(), "options.endpoint() == null");
    this.apiKey = options.apiKey();
    this.timeout = options.timeout();
    ObjectMapper mapper = options.objectMapper() != null ? options.objectMapper() : MonologueJson.newMapper();
    this.codec = new JsonCodec(mapper);
    this.frames = new FrameWriter(codec);
    if (options.handlerExecutor() != null) {
      this.callbackExecutor = options.handlerExecutor();
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = HandlerPool.create();
      this.callbackExecutor = ownedExecutor;
    }
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, HandlerPool.daemonThreads("monologue-timer-"));
    scheduler.setRemoveOnCancelPolicy(true); // most calls are answered; their timers must not pile up
    this.timer = scheduler;
    this.handlers = new HandlerRegistry(options.listeners());
    this.pending = new PendingCalls(timer, codec, timeout);
  }

  // ---------------------------------------------------------------------------------------------- connection

  @Override
  public String connect() {
    Connection c;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("This Monologue client is closed; create a new one to connect again.");
      }
      c = connection;
      if (c == null || c.isDead()) {
        c = new Connection();
        connection = c;
        c.start();
      }
    }
    return c.awaitId();
  }

  @Override
  public String id() {
    Connection c = connection;
    if (c == null || c.id == null) {
      throw new IllegalStateException("Not connected: call connect() first; it returns this machine's ID.");
    }
    if (!c.open) {
      throw new IllegalStateException("The connection to the relay has closed; connect() again for a new ID.");
    }
    return c.id;
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
    final RelaySocket socket = new WebSocketRelaySocket(endpoint, apiKey, timeout, this);
    volatile String id;
    volatile boolean open;
    volatile Exception lastError;
    private volatile ScheduledFuture<?> connectTimer;

    void start() {
      connectTimer = timer.schedule(() -> failConnect("the relay did not tell this machine its ID within "
          + timeout.toMillis() + " ms (MonologueOptions.timeout)", null), timeout.toMillis(), TimeUnit.MILLISECONDS);
      socket.connect();
    }

    boolean isDead() {
      return idFuture.isCompletedExceptionally() || (idFuture.isDone() && !open);
    }

    String awaitId() {
      try {
        return idFuture.get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof MonologueException m) {
          throw m;
        }
        throw new ConnectFailedException(endpoint, String.valueOf(e.getCause()), e.getCause());
      } catch (TimeoutException e) {
        failConnect("no answer within " + timeout.toMillis() + " ms", null);
        throw new ConnectFailedException(endpoint, "no answer within " + timeout.toMillis() + " ms", null);
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
        socket.send(frames.whoami(whoamiToken));
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
      ScheduledFuture<?> t = connectTimer;
      if (t != null) {
        t.cancel(false);
      }
      if (!idFuture.isDone()) {
        // The socket is closed already: no need to close it again.
        idFuture.completeExceptionally(
            new ConnectFailedException(endpoint, refusal(code, reason, lastError), lastError));
        return;
      }
      String why = closed ? "closed by this client" : "the relay closed the connection (code " + code
          + (reason == null || reason.isEmpty() ? "" : ", " + reason) + ")";
      log.debug("Connection {} to {} closed: {}", id, endpoint, why);
      pending.failAll(this, why);
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
      }
    }
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
    JsonNode frame;
    try {
      frame = codec.mapper().readTree(text);
    } catch (IOException e) {
      log.warn("Ignoring a frame from the relay that is not JSON: {}", abbreviate(text));
      return;
    }
    JsonNode payload = frame == null ? null : frame.get("payload");
    if (payload == null || !payload.isObject()) {
      log.warn("Ignoring a frame from the relay without an object payload: {}", abbreviate(text));
      return;
    }
    String from = frame.path("from").textValue();
    if (c.id == null) {
      if (from != null && c.whoamiToken.equals(payload.path("token").textValue())) {
        c.identified(from);
      } else {
        log.debug("Ignoring a frame that arrived before the whoami reply: {}", abbreviate(text));
      }
      return;
    }
    if (RELAY.equals(from)) {
      pending.onRelayError(payload);
      return;
    }
    if (from == null) {
      log.warn("Ignoring a frame without a sender: {}", abbreviate(text));
      return;
    }
    String type = payload.path("type").asText("");
    switch (type) {
      case "REQ" -> onRequest(c, from, payload);
      case "ACK" -> pending.onAck(from, payload);
      case "ERR" -> pending.onError(from, payload);
      default -> log.debug("Ignoring a frame of type '{}' from {}", type, from);
    }
  }

  private void onRequest(Connection c, String from, JsonNode payload) {
    String token = payload.path("token").textValue();
    if (token == null) {
      log.warn("Ignoring a request from {} without a token: the reply could not be addressed", from);
      return;
    }
    String name = payload.path("name").textValue();
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
    JsonNode args = payload.get("args");
    if (args != null && !args.isArray() && !args.isNull()) {
      reply(c, frames.error(from, token, RemoteFailureException.BAD_ARGUMENTS,
          "args of " + name + " must be a JSON array", null));
      return;
    }
    JsonNode argArray = args == null || args.isNull() ? null : args;
    try {
      callbackExecutor.execute(() -> runHandler(c, registration, from, token, argArray));
    } catch (RuntimeException e) {
      // Usually a RejectedExecutionException: a full queue or a closing client. The caller still hears of it.
      log.warn("The handler executor rejected a call of {} from {}", name, from, e);
      reply(c, frames.error(from, token, RemoteFailureException.HANDLER_FAILED, "the handler executor of this"
          + " machine rejected the call to " + name + " (overloaded or closing)", e.getClass().getName()));
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
    reply(c, frame);
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
  }

  private void reply(Connection c, String frame) {
    try {
      c.socket.send(frame);
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
    return typed(send(to, name, args, null, JsonNode.class, callbackExecutor));
  }

  @Override
  public <R> CompletableFuture<R> call(String to, String name, Class<R> returnType, Object... args) {
    Objects.requireNonNull(returnType, "returnType == null");
    return typed(send(to, name, args, null, returnType, callbackExecutor));
  }

  @SuppressWarnings("unchecked")
  private static <R> CompletableFuture<R> typed(CompletableFuture<Object> future) {
    // The reply was decoded with the requested type on the reader thread.
    return (CompletableFuture<R>) (CompletableFuture<?>) future;
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
   * arguments; {@code resultType} decodes the result on the reader thread. The future completes on
   * {@code completer}, or directly on the thread that resolves it when {@code completer} is null.
   *
   * @throws IllegalArgumentException if an argument cannot be encoded as JSON
   */
  CompletableFuture<Object> send(String to, String name, Object[] args, List<Type> parameterTypes, Type resultType,
      Executor completer) {
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(args, "args == null; pass (Object) null to send one null argument");
    requireName(name);
    Connection c = ready();
    if (c == null) {
      return CompletableFuture.failedFuture(new NotConnectedException(name, to));
    }
    String token = tokens.next();
    String frame;
    try {
      frame = frames.request(to, token, name, args, parameterTypes);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("The arguments of " + name + " for " + to + " could not be encoded as"
          + " JSON: " + JsonArguments.firstLine(e.getMessage()), e);
    }
    PendingCall call = pending.open(token, name, to, resultType, c, completer);
    try {
      c.socket.send(frame);
    } catch (RuntimeException e) {
      pending.failToSend(call, new ConnectionDroppedException(name, to, "the connection closed before the"
          + " request could be sent"));
    }
    return call;
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
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      c = connection;
    }
    pending.failAll(null, "closed by this client");
    if (c != null) {
      c.failConnect("the client was closed while connecting", null);
      c.socket.close(CLOSE_WAIT);
    }
    timer.shutdownNow();
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
