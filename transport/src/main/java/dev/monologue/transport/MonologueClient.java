package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.Calls;
import dev.monologue.ConnectionListener;
import dev.monologue.DiscoveryListener;
import dev.monologue.GroupMember;
import dev.monologue.MethodHandler;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.ReconnectPolicy;
import dev.monologue.Watch;
import dev.monologue.binding.ServiceBindings;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.ServiceSkeleton;
import dev.monologue.transport.HandlerRegistry.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The WebSocket implementation of {@link Monologue}: the user's handle, which builds the client's parts and
 * delegates to them. Stubs and skeletons come from {@link ServiceBindings}: the generated classes where they exist,
 * unless {@link MonologueOptions#generatedClasses()} is false, else the dynamic proxy and the reflective skeleton.
 *
 * <p>The parts, each with one job (docs/architecture.md), made and wired by {@link ClientParts}:
 * {@link RelayConnection} (one socket, from a {@link RelaySocketFactory}), {@link ConnectionSupervisor} (connect,
 * reconnect, renewal; "the connection drops"), {@link KeepAlive}, {@link FrameDispatcher} ("a frame arrives"),
 * {@link RequestServer} (serving), {@link CallSender} ("a call is sent"), {@link PendingExchanges} (everything
 * awaiting an answer, timed out in one place), {@link PendingCalls} (the calls among them), {@link PeerProbes},
 * {@link TypedBindings} (stubs and skeletons), {@link OptionCalls} ({@code withOptions}).
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
  private final ClientParts parts;
  /** The calls made without options: {@code call}, {@code stub} and the group calls delegate to them. */
  private final OptionCalls calls;

  MonologueClient(MonologueOptions options) {
    this(options, RelaySocketFactory.webSocket(
        Objects.requireNonNull(options.endpoint(), "options.endpoint() == null"), options.apiKey(),
        options.connectTimeout(), WebSocketRelaySocket.incomingLimit(options.maxMessageBytes()),
        options.sslContext()));
  }

  /** A client whose connections get their sockets from {@code sockets}: the seam for tests and fuzzers. */
  MonologueClient(MonologueOptions options, RelaySocketFactory sockets) {
    this(options, sockets, new ClientTimer());
  }

  /** A client on {@code timer}, its scheduler and clock: the seam for tests that drive time instead of waiting. */
  MonologueClient(MonologueOptions options, RelaySocketFactory sockets, ClientTimer timer) {
    this.parts = new ClientParts(options, sockets, timer);
    this.calls = new OptionCalls(parts.sender, parts.callbackExecutor, parts.groupCalls, parts.bindings, null);
    try {
      parts.bindMetrics(options.metrics());
    } catch (RuntimeException e) {
      close(); // the timer and the handler pool run already
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------- connection

  @Override
  public String connect() {
    return parts.supervisor.connect();
  }

  @Override
  public String id() {
    return parts.supervisor.id();
  }

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    parts.events.add(Objects.requireNonNull(listener, "listener == null"));
  }

  @Override
  public boolean removeConnectionListener(ConnectionListener listener) {
    return parts.events.remove(Objects.requireNonNull(listener, "listener == null"));
  }

  // ---------------------------------------------------------------------------------------------- serving

  @Override
  public void on(String name, MethodHandler handler) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(handler, "handler == null");
    CallSender.requireName(name);
    parts.handlers.addAll(List.of(new Registration(name, handler, null, "on(\"" + name + "\")")));
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
    parts.handlers.addAll(registrations);
  }

  @Override
  public <T> void register(Class<T> service, T implementation) {
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(implementation, "implementation == null");
    registerSkeleton(parts.bindings.skeleton(service, implementation));
  }

  // ---------------------------------------------------------------------------------------------- calling

  @Override
  public CompletableFuture<JsonNode> call(String to, String name, Object... args) {
    return calls.call(to, name, args);
  }

  @Override
  public <R> CompletableFuture<R> call(String to, String name, Class<R> returnType, Object... args) {
    return calls.call(to, name, returnType, args);
  }

  @Override
  public <T> T stub(String to, Class<T> service) {
    return calls.stub(to, service);
  }

  @Override
  public Calls withOptions(CallOptions options) {
    Objects.requireNonNull(options, "options == null");
    return new OptionCalls(parts.sender, parts.callbackExecutor, parts.groupCalls, parts.bindings, options);
  }

  // ---------------------------------------------------------------------------------------------- names

  @Override
  public void claim(String name, boolean takeover) {
    Objects.requireNonNull(name, "name == null");
    parts.names.claim(parts.supervisor.ready(), name, takeover);
  }

  @Override
  public void release(String name) {
    Objects.requireNonNull(name, "name == null");
    parts.names.release(parts.supervisor.ready(), name);
  }

  @Override
  public void join(String group) {
    Objects.requireNonNull(group, "group == null");
    parts.names.join(parts.supervisor.ready(), group);
  }

  @Override
  public void leave(String group) {
    Objects.requireNonNull(group, "group == null");
    parts.names.leave(parts.supervisor.ready(), group);
  }

  @Override
  public List<GroupMember> members(String group) {
    Objects.requireNonNull(group, "group == null");
    return parts.names.members(parts.supervisor.ready(), group);
  }

  @Override
  public <R> CompletableFuture<R> callAny(String group, String name, Class<R> returnType, Object... args) {
    return calls.callAny(group, name, returnType, args);
  }

  @Override
  public <T> T stubAny(String group, Class<T> service) {
    return calls.stubAny(group, service);
  }

  @Override
  public <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, String name, Class<R> returnType,
      Object... args) {
    return calls.callAll(group, name, returnType, args);
  }

  @Override
  public <S, R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, Class<S> service,
      Function<? super S, ? extends R> call) {
    return calls.callAll(group, service, call);
  }

  @Override
  public Watch watchName(String name, DiscoveryListener listener) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(listener, "listener == null");
    return parts.watches.watch(parts.supervisor.ready(), false, name, listener);
  }

  @Override
  public Watch watchGroup(String group, DiscoveryListener listener) {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(listener, "listener == null");
    return parts.watches.watch(parts.supervisor.ready(), true, group, listener);
  }

  // ---------------------------------------------------------------------------------------------- closing

  @Override
  public void close() {
    if (!parts.supervisor.isClosed()) {
      parts.pending.tellCalleesClosing(); // before the connection goes: the callees stop work no one waits for
      parts.fanOuts.tellCalleesClosing();
    }
    if (!parts.supervisor.close()) {
      return;
    }
    parts.timer.shutdown();
    parts.events.shutdown();
    if (parts.ownedExecutor != null) {
      parts.ownedExecutor.shutdown();
    }
  }

  @Override
  public String toString() {
    RelayConnection c = parts.supervisor.current();
    return "MonologueClient{endpoint=" + parts.supervisor.endpoint() + ", id=" + (c == null ? null : c.id())
        + ", closed=" + parts.supervisor.isClosed() + "}";
  }

  // ------------------------------------------------------------------------------------- seams for tests

  /** Where this client's connections hand their frames. */
  FrameDispatcher dispatcher() {
    return parts.dispatcher;
  }

  /** The handler registered under {@code name}, or null. */
  MethodHandler handler(String name) {
    Registration r = parts.handlers.get(name);
    return r == null ? null : r.handler();
  }

  /** The sender of this client's calls. */
  CallSender sender() {
    return parts.sender;
  }

  /** Incoming calls waiting for a handler thread (tests). */
  int queuedHandlerCalls() {
    return parts.handlerQueue.queued();
  }

  /** How many calls hold a slot of maxCallsInFlight. */
  int callSlotsInUse() {
    return parts.slots.inUse();
  }

  /** How many callAlls await their outcomes. */
  int fanOutsInFlight() {
    return parts.fanOuts.size();
  }

  /** How many calls await replies. */
  int pendingCalls() {
    return parts.pending.size();
  }

  /** The calls served here that were not run because their deadline passed while they were queued. */
  long expiredBeforeRun() {
    return parts.server.expiredBeforeRun();
  }

  /** The served calls cancelled by their callers before they ran. */
  long cancelledBeforeRun() {
    return parts.server.cancelledBeforeRun();
  }

  /** The replies not sent because their call was cancelled while its handler ran. */
  long repliesWithheld() {
    return parts.server.repliesWithheld();
  }

  /** How many requests the current connection is serving (queued or running). */
  int servingCalls() {
    RelayConnection c = parts.supervisor.current();
    return c == null ? 0 : c.serving();
  }

  /** How many of API Gateway's "Internal server error" frames the current connection received. */
  int gatewayErrors() {
    RelayConnection c = parts.supervisor.current();
    return c == null ? 0 : c.gateway().errors();
  }

  /** How many of API Gateway's throttle frames the current connection received. */
  int throttleFrames() {
    RelayConnection c = parts.supervisor.current();
    return c == null ? 0 : c.gateway().throttleFrames();
  }

  /** How many of the current connection's keep-alives a throttle frame answered. */
  int keepAlivesThrottled() {
    RelayConnection c = parts.supervisor.current();
    return c == null ? 0 : c.keepAlive().throttled();
  }

  /** How many keep-alives the current connection sent and had echoed. */
  int[] keepAliveCounts() {
    RelayConnection c = parts.supervisor.current();
    return c == null ? new int[2] : c.keepAlive().counts();
  }
}
