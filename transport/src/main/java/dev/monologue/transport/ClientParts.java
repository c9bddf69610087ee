package dev.monologue.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.ClientMetrics;
import dev.monologue.ClientStats;
import dev.monologue.ConnectionListener;
import dev.monologue.MonologueJson;
import dev.monologue.MonologueOptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The parts of one {@link MonologueClient}, made from its options and wired to each other: the client delegates to
 * them (docs/architecture.md says what each one does). Making them starts the client's timer and, unless the options
 * give a handler executor, its handler pool: {@link MonologueClient#close()} stops them.
 */
final class ClientParts {
  /** Where handlers and the continuations of user futures run. */
  final Executor callbackExecutor;
  /** The handler pool this client made and shuts down, or null when the options gave an executor. */
  final ExecutorService ownedExecutor;
  /** The client's one timer thread and clock: every timeout, keep-alive and probe scan runs on it. */
  final ClientTimer timer;
  final HandlerRegistry handlers;
  /** Every exchange awaiting an answer (calls, relay requests, fan-outs, probes), timed out in one place. */
  final PendingExchanges exchanges;
  final PendingCalls pending;
  final CallSlots slots;
  final ConnectionEvents events;
  final FrameDispatcher dispatcher;
  final ConnectionSupervisor supervisor;
  final CallSender sender;
  final NameClaims names;
  final Watches watches;
  final GroupCalls groupCalls;
  final FanOuts fanOuts;
  final FairHandlerQueue handlerQueue;
  final RequestServer server;
  final TypedBindings bindings;

  ClientParts(MonologueOptions options, RelaySocketFactory sockets) {
    this(options, sockets, new ClientTimer());
  }

  /** The parts on {@code timer}, its scheduler and clock: the seam for tests that drive time. */
  ClientParts(MonologueOptions options, RelaySocketFactory sockets, ClientTimer timer) {
    Objects.requireNonNull(options.endpoint(), "options.endpoint() == null");
    this.timer = timer;
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
    this.exchanges = new PendingExchanges(timer);
    this.pending = new PendingCalls(exchanges, codec, options.timeout(), callbackExecutor,
        call -> call.connection.trySend(Addresses.cancelRoute(call.peer, frames.cancel(call.peer, call.token))));
    this.slots = new CallSlots(options.maxCallsInFlight(), options.waitForCallSlot());
    this.events = new ConnectionEvents(options.connectionListeners());
    PeerProbes probes = null;
    long probeNanos = options.probeInterval().toNanos();
    if (probeNanos > 0) {
      PeerProbes scanned = new PeerProbes(pending, exchanges, tokens, frames::probe, probeNanos);
      timer.every(scanned::scan, probeNanos, "Probing peers");
      probes = scanned;
    }
    handlerQueue = new FairHandlerQueue(callbackExecutor, options.maxQueuedHandlerCalls(),
        Math.max(1, options.maxQueuedHandlerCalls() / 4), HandlerPool.THREADS);
    this.server = new RequestServer(handlers, codec, frames, handlerQueue, options.maxMessageBytes(),
        options.serverInterceptors(), timer);
    // The parts below reach the supervisor, made last from them, through the methods below, run later.
    this.fanOuts = new FanOuts(codec, exchanges);
    RelayRequests requests = new RelayRequests(tokens, fanOuts, exchanges, options.timeout());
    this.groupCalls = new GroupCalls(this::readyConnection, this::reconnecting,
        options.failFastWhileDisconnected(), fanOuts, timer, slots, tokens, frames, options.timeout(),
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
    this.bindings = new TypedBindings(options.generatedClasses(), sender, callbackExecutor);
  }

  /** Tells {@code metrics} of reconnects and binds it to the live counts; nothing when null. */
  void bindMetrics(ClientMetrics metrics) {
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
}
