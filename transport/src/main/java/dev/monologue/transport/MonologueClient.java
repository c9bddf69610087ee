package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.Calls;
import dev.monologue.ClientMetrics;
import dev.monologue.ClientStats;
import dev.monologue.ConnectionListener;
import dev.monologue.DiscoveryListener;
import dev.monologue.GroupMember;
import dev.monologue.MethodHandler;
import dev.monologue.Monologue;
import dev.monologue.MonologueJson;
import dev.monologue.MonologueOptions;
import dev.monologue.ReconnectPolicy;
import dev.monologue.Watch;
import dev.monologue.binding.ServiceBindings;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.RemoteInvoker;
import dev.monologue.runtime.ServiceSkeleton;
import dev.monologue.transport.HandlerRegistry.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * The WebSocket implementation of {@link Monologue}: the user's handle, which builds the client's parts and
 * delegates to them. Stubs and skeletons come from {@link ServiceBindings}: the generated classes where they exist,
 * unless {@link MonologueOptions#generatedClasses()} is false, else the dynamic proxy and the reflective skeleton.
 *
 * <p>The parts, each with one job (docs/architecture.md): {@link RelayConnection} (one socket, from a
 * {@link RelaySocketFactory}), {@link ConnectionSupervisor} (connect, reconnect, renewal; "the connection drops"),
 * {@link KeepAlive}, {@link FrameDispatcher} ("a frame arrives"), {@link RequestServer} (serving),
 * {@link CallSender} ("a call is sent"), {@link PendingCalls} (the calls awaiting replies), {@link PeerProbes}.
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
 * {@code monologue-events}, tells {@link ConnectionListener}s and {@link DiscoveryListener}s.
 *
 * <p>Staying connected: a dropped connection is replaced as the {@link ReconnectPolicy} says (the new connection
 * has a new ID); a quiet one sends a keep-alive {@code whoami} every {@code keepAliveInterval}; one that reaches
 * {@code maxConnectionAge} is replaced by a fresh one first, the old one closing once its calls are answered.
 */
final class MonologueClient implements Monologue {
  private final Executor callbackExecutor;
  private final ExecutorService ownedExecutor;
  private final ClientTimer timer = new ClientTimer();
  private final HandlerRegistry handlers;
  private final PendingCalls pending;
  private final CallSlots slots;
  private final ConnectionEvents events;
  private final FrameDispatcher dispatcher;
  private final ConnectionSupervisor supervisor;
  private final CallSender sender;
  private final NameClaims names;
  private final Watches watches;
  private final GroupCalls groupCalls;
  private final FanOuts fanOuts;
  private final FairHandlerQueue handlerQueue;
  private final boolean generatedClasses;
  private final RequestServer server;

  MonologueClient(MonologueOptions options) {
    this(options, RelaySocketFactory.webSocket(
        Objects.requireNonNull(options.endpoint(), "options.endpoint() == null"), options.apiKey(),
        options.connectTimeout(), WebSocketRelaySocket.incomingLimit(options.maxMessageBytes()),
        options.sslContext()));
  }

  /** A client whose connections get their sockets from {@code sockets}: the seam for tests and fuzzers. */
  MonologueClient(MonologueOptions options, RelaySocketFactory sockets) {
    Objects.requireNonNull(options.endpoint(), "options.endpoint() == null");
    this.generatedClasses = options.generatedClasses();
    ObjectMapper mapper = options.objectMapper() != null ? options.objectMapper() : MonologueJson.newMapper();
    JsonCodec codec = new JsonCodec(mapper);
    FrameWriter frames = new FrameWriter(codec);
    if (options.handlerExecutor() != null) {
      this.callbackExecutor = options.handlerExecutor();
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = HandlerPool.create(options.maxQueuedHandlerCalls());
      this.callbackExecutor = ownedExecutor;
    }
    Tokens tokens = new Tokens();
    this.handlers = new HandlerRegistry(options.listeners());
    this.pending = new PendingCalls(timer.executor(), codec, options.timeout(), callbackExecutor,
        call -> call.connection.trySend(Addresses.cancelRoute(call.peer, frames.cancel(call.peer, call.token))));
    this.slots = new CallSlots(options.maxCallsInFlight(), options.waitForCallSlot());
    this.events = new ConnectionEvents(options.connectionListeners());
    PeerProbes probes = null;
    long probeNanos = options.probeInterval().toNanos();
    if (probeNanos > 0) {
      PeerProbes scanned = new PeerProbes(pending, tokens, frames::probe, probeNanos);
      timer.every(scanned::scan, probeNanos, "Probing peers");
      probes = scanned;
    }
    handlerQueue = new FairHandlerQueue(callbackExecutor, options.maxQueuedHandlerCalls(),
        Math.max(1, options.maxQueuedHandlerCalls() / 4), HandlerPool.THREADS);
    this.server = new RequestServer(handlers, codec, frames, handlerQueue, options.maxMessageBytes(),
        options.serverInterceptors(), timer);
    // The parts below reach the supervisor, made last from them, through this client's methods, run later.
    this.fanOuts = new FanOuts(codec, timer);
    RelayRequests requests = new RelayRequests(tokens, fanOuts, timer, options.timeout());
    this.groupCalls = new GroupCalls(this::readyConnection, this::reconnecting,
        options.failFastWhileDisconnected(), fanOuts, slots, tokens, frames, options.timeout(),
        options.maxMessageBytes(), callbackExecutor, options.clientInterceptors());
    this.names = new NameClaims(requests, new OwnerSecret(options.ownerSecret(), options.ownerSecretFile() != null
        ? options.ownerSecretFile() : OwnerSecret.defaultFile()), options.timeout(), options.names(), options.groups());
    this.dispatcher = new FrameDispatcher(new DeliveredFrames(codec), pending, probes, this.server, requests);
    this.watches = new Watches(requests, events, mapper, options.timeout(), this::readyConnection,
        (link, name) -> {
          if (isLatest(link)) { // else a renewal moved it to this machine's next connection
            names.takenOver(name);
          }
        });
    requests.watches(watches);
    RelayConnection.ConnectionSettings settings = new RelayConnection.ConnectionSettings(options.endpoint(),
        options.apiKey(), options.connectTimeout(), sockets,
        c -> CompletableFuture.allOf(names.claimAll(c), watches.rewatchAll(c)), timer::nanoTime);
    KeepAlive keepAlive = new KeepAlive(timer, frames, options.keepAliveInterval(), options.timeout(),
        this::supervisorClosed, () -> !names.isEmpty());
    names.onLease(lease -> keepAlive.leaseLearned(lease, currentConnection()));
    this.supervisor = new ConnectionSupervisor(options.endpoint(), options.connectTimeout(), options.timeout(),
        options.reconnectPolicy(), options.maxConnectionAge(),
        (lifecycle, replaces, planned) -> new RelayConnection(settings, tokens, frames, dispatcher, lifecycle,
            replaces, planned),
        timer, keepAlive, pending, events);
    supervisor.holdsNames(() -> !names.isEmpty());
    this.sender = new CallSender(supervisor, pending, slots, frames, tokens, timer, options.timeout(),
        options.maxMessageBytes(), options.failFastWhileDisconnected(), options.metrics(),
        options.clientInterceptors());
    try {
      bindMetrics(options.metrics());
    } catch (RuntimeException e) {
      close(); // the timer and the handler pool run already
      throw e;
    }
  }

  private void bindMetrics(ClientMetrics metrics) {
    if (metrics == null) {
      return;
    }
    events.add(new ConnectionListener() {
      @Override
      public void onReconnected(String oldId, String newId) {
        metrics.reconnected();
      }
    });
    metrics.bind(new ClientStats() {
      @Override
      public int callsInFlight() {
        return slots.inUse();
      }

      @Override
      public int queuedHandlerCalls() {
        return handlerQueue.queued();
      }
    });
  }

  // ---------------------------------------------------------------------------------------------- connection

  @Override
  public String connect() {
    return supervisor.connect();
  }

  @Override
  public String id() {
    return supervisor.id();
  }

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    events.add(Objects.requireNonNull(listener, "listener == null"));
  }

  @Override
  public boolean removeConnectionListener(ConnectionListener listener) {
    return events.remove(Objects.requireNonNull(listener, "listener == null"));
  }

  // ---------------------------------------------------------------------------------------------- serving

  @Override
  public void on(String name, MethodHandler handler) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(handler, "handler == null");
    CallSender.requireName(name);
    handlers.addAll(List.of(new Registration(name, handler, null, "on(\"" + name + "\")")));
  }

  /** Serves every method of {@code skeleton} under its wire name; each counts towards the listener limit. */
  void registerSkeleton(ServiceSkeleton skeleton) {
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
    registerSkeleton(generatedClasses ? ServiceBindings.skeleton(service, implementation)
        : ServiceBindings.reflectiveSkeleton(service, implementation));
  }

  // ---------------------------------------------------------------------------------------------- calling

  @Override
  public CompletableFuture<JsonNode> call(String to, String name, Object... args) {
    Objects.requireNonNull(to, "to == null");
    return CallFuture.of(sender.send(Addresses.peer(to, name), name, args, null, JsonNode.class), callbackExecutor,
        error -> error);
  }

  @Override
  public <R> CompletableFuture<R> call(String to, String name, Class<R> returnType, Object... args) {
    Objects.requireNonNull(to, "to == null");
    return send(Addresses.peer(to, name), name, returnType, args);
  }

  private <R> CompletableFuture<R> send(String to, String name, Class<R> returnType, Object[] args) {
    Objects.requireNonNull(returnType, "returnType == null");
    // The reply is decoded with the requested type on the reader thread.
    return CallFuture.of(sender.send(to, name, args, null, returnType), callbackExecutor, error -> error);
  }

  @Override
  public <T> T stub(String to, Class<T> service) {
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(service, "service == null");
    return stubOf(service, invoker(Addresses.peer(to, service.getSimpleName())));
  }

  /** A stub of {@code service} over {@code invoker}: generated, unless the options turned generated classes off. */
  private <T> T stubOf(Class<T> service, RemoteInvoker invoker) {
    return generatedClasses ? ServiceBindings.stub(service, invoker) : ServiceBindings.proxyStub(service, invoker);
  }

  /** The invoker a stub of any service uses to call machine {@code to}. */
  RemoteInvoker invoker(String to) {
    Objects.requireNonNull(to, "to == null");
    return new PeerInvoker(sender, callbackExecutor, to);
  }

  @Override
  public Calls withOptions(CallOptions options) {
    Objects.requireNonNull(options, "options == null");
    return new OptionCalls(options);
  }

  /** The calls of this client made with one set of options. */
  private final class OptionCalls implements Calls {
    private final CallOptions options;

    OptionCalls(CallOptions options) {
      this.options = options;
    }

    @Override
    public CompletableFuture<JsonNode> call(String to, String name, Object... args) {
      return CallFuture.of(sender.send(to, name, args, null, JsonNode.class, options), callbackExecutor,
          error -> error);
    }

    @Override
    public <R> CompletableFuture<R> call(String to, String name, Class<R> returnType, Object... args) {
      Objects.requireNonNull(returnType, "returnType == null");
      return CallFuture.of(sender.send(to, name, args, null, returnType, options), callbackExecutor,
          error -> error);
    }

    @Override
    public <T> T stub(String to, Class<T> service) {
      Objects.requireNonNull(to, "to == null");
      Objects.requireNonNull(service, "service == null");
      return stubOf(service, new PeerInvoker(sender, callbackExecutor, to, options));
    }

    @Override
    public <R> CompletableFuture<R> callAny(String group, String name, Class<R> returnType, Object... args) {
      Objects.requireNonNull(group, "group == null");
      return call(Addresses.anyOf(group), name, returnType, args);
    }

    @Override
    public <T> T stubAny(String group, Class<T> service) {
      Objects.requireNonNull(group, "group == null");
      return stub(Addresses.anyOf(group), service);
    }

    @Override
    public <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, String name, Class<R> returnType,
        Object... args) {
      Objects.requireNonNull(group, "group == null");
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(returnType, "returnType == null");
      return groupCalls.callAll(group, name, args, null, returnType, options);
    }

    @Override
    public <S, R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, Class<S> service,
        Function<? super S, ? extends R> call) {
      Objects.requireNonNull(group, "group == null");
      Objects.requireNonNull(service, "service == null");
      Objects.requireNonNull(call, "call == null");
      CallRecorder recorder = new CallRecorder();
      call.apply(stubOf(service, recorder));
      return groupCalls.callAll(group, recorder.method(service), recorder.args(), options);
    }

    @Override
    public String toString() {
      return "Calls{" + options + "}";
    }
  }

  // ---------------------------------------------------------------------------------------------- names

  @Override
  public void claim(String name, boolean takeover) {
    Objects.requireNonNull(name, "name == null");
    names.claim(supervisor.ready(), name, takeover);
  }

  @Override
  public void release(String name) {
    Objects.requireNonNull(name, "name == null");
    names.release(supervisor.ready(), name);
  }

  @Override
  public void join(String group) {
    Objects.requireNonNull(group, "group == null");
    names.join(supervisor.ready(), group);
  }

  @Override
  public void leave(String group) {
    Objects.requireNonNull(group, "group == null");
    names.leave(supervisor.ready(), group);
  }

  @Override
  public List<GroupMember> members(String group) {
    Objects.requireNonNull(group, "group == null");
    return names.members(supervisor.ready(), group);
  }

  @Override
  public <R> CompletableFuture<R> callAny(String group, String name, Class<R> returnType, Object... args) {
    Objects.requireNonNull(group, "group == null");
    return send(Addresses.anyOf(group), name, returnType, args);
  }

  @Override
  public <T> T stubAny(String group, Class<T> service) {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(service, "service == null");
    return stubOf(service, invoker(Addresses.anyOf(group)));
  }

  @Override
  public <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, String name, Class<R> returnType,
      Object... args) {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(returnType, "returnType == null");
    return groupCalls.callAll(group, name, args, null, returnType);
  }

  @Override
  public <S, R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, Class<S> service,
      Function<? super S, ? extends R> call) {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(call, "call == null");
    CallRecorder recorder = new CallRecorder();
    call.apply(stubOf(service, recorder));
    return groupCalls.callAll(group, recorder.method(service), recorder.args());
  }

  @Override
  public Watch watchName(String name, DiscoveryListener listener) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(listener, "listener == null");
    return watches.watch(supervisor.ready(), false, name, listener);
  }

  @Override
  public Watch watchGroup(String group, DiscoveryListener listener) {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(listener, "listener == null");
    return watches.watch(supervisor.ready(), true, group, listener);
  }

  // ---------------------------------------------------------------------------------------------- closing

  @Override
  public void close() {
    if (!supervisor.isClosed()) {
      pending.tellCalleesClosing(); // before the connection goes: the callees stop work no one waits for
      fanOuts.tellCalleesClosing();
    }
    if (!supervisor.close()) {
      return;
    }
    fanOuts.closeAll();
    timer.shutdown();
    events.shutdown();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  @Override
  public String toString() {
    RelayConnection c = supervisor.current();
    return "MonologueClient{endpoint=" + supervisor.endpoint() + ", id=" + (c == null ? null : c.id) + ", closed="
        + supervisor.isClosed() + "}";
  }

  // ------------------------------------------------------------------------------------- seams for tests

  /** Where this client's connections hand their frames. */
  FrameDispatcher dispatcher() {
    return dispatcher;
  }

  /** The handler registered under {@code name}, or null. */
  MethodHandler handler(String name) {
    Registration r = handlers.get(name);
    return r == null ? null : r.handler();
  }

  /** The sender of this client's calls. */
  CallSender sender() {
    return sender;
  }

  /** Incoming calls waiting for a handler thread (tests). */
  int queuedHandlerCalls() {
    return handlerQueue.queued();
  }

  /** How many calls hold a slot of maxCallsInFlight. */
  int callSlotsInUse() {
    return slots.inUse();
  }

  /** How many callAlls await their outcomes. */
  int fanOutsInFlight() {
    return fanOuts.size();
  }

  /** How many calls await replies. */
  int pendingCalls() {
    return pending.size();
  }

  /** The calls served here that were not run because their deadline passed while they were queued. */
  long expiredBeforeRun() {
    return server.expiredBeforeRun();
  }

  /** The served calls cancelled by their callers before they ran. */
  long cancelledBeforeRun() {
    return server.cancelledBeforeRun();
  }

  /** The replies not sent because their call was cancelled while its handler ran. */
  long repliesWithheld() {
    return server.repliesWithheld();
  }

  /** How many requests the current connection is serving (queued or running). */
  int servingCalls() {
    RelayConnection c = supervisor.current();
    return c == null ? 0 : c.serving();
  }

  /** The supervisor's connection ready for calls (the parts made before the supervisor reach it so). */
  private RelayConnection readyConnection() {
    return supervisor.ready();
  }

  private CompletableFuture<RelayConnection> reconnecting() {
    return supervisor.reconnecting();
  }

  private boolean isLatest(RelayLink link) {
    return supervisor.isLatest(link);
  }

  private boolean supervisorClosed() {
    return supervisor.isClosed();
  }

  /** The current connection, or null before the supervisor exists. */
  private RelayConnection currentConnection() {
    ConnectionSupervisor s = supervisor;
    return s == null ? null : s.current();
  }

  /** How many of API Gateway's "Internal server error" frames the current connection received. */
  int gatewayErrors() {
    RelayConnection c = supervisor.current();
    return c == null ? 0 : c.gateway().errors();
  }

  /** How many of API Gateway's throttle frames the current connection received. */
  int throttleFrames() {
    RelayConnection c = supervisor.current();
    return c == null ? 0 : c.gateway().throttleFrames();
  }

  /** How many of the current connection's keep-alives a throttle frame answered. */
  int keepAlivesThrottled() {
    RelayConnection c = supervisor.current();
    return c == null ? 0 : c.keepAlive().throttled();
  }

  /** How many keep-alives the current connection sent and had echoed. */
  int[] keepAliveCounts() {
    RelayConnection c = supervisor.current();
    return c == null ? new int[2] : c.keepAlive().counts();
  }
}
