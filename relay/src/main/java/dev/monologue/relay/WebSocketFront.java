package dev.monologue.relay;

import dev.monologue.relay.core.Delivery;
import dev.monologue.wire.Utf8;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket side of a relay: accepts WebSocket connections (checking the API key at the handshake), names each
 * with a random connection ID, and hands their events to a {@link RelayBackend}; sends and closes by ID. Enforces
 * API Gateway's connection limits ({@link ConnectionLimits}): idle timeout, maximum duration, a per-connection
 * message rate, and bounds on the bytes queued to a connection that reads slowly, on all the bytes the relay holds
 * and on the connections open ({@link OutboundAdmission}, {@link BufferBudget}, {@link ConnectionCapacity}). Binary
 * frames and oversized frames and messages never reach the backend: the draft reports them ({@link GatewayFrameRules})
 * and the front closes their connection gracefully, as it closes idle ones; {@link OpenConnections} holds the open
 * connections by ID.
 */
final class WebSocketFront extends WebSocketServer implements RelayConnections {
  private static final Logger log = LoggerFactory.getLogger(WebSocketFront.class);
  /** API Gateway closes idle and expired connections with 1001. */
  static final String IDLE_REASON = ConnectionSweep.IDLE_REASON;
  static final String EXPIRED_REASON = ConnectionSweep.EXPIRED_REASON;
  private static final int ACCEPT_BACKLOG = 1024;

  private final OpenConnections connections = new OpenConnections();
  /** Whether one more connection fits as it opens. */
  private final ConnectionCapacity capacity;
  private final HandshakeAdmission admissions;
  private final BufferBudget budget;
  private final OutboundAdmission admission;
  private final RelayBackend backend;
  private final ConnectionLimits limits;
  /** Answers the frames the front refuses itself (over the rate limit) in the protocol's error format. */
  private final ThrottledAnswers refusals;
  /** One thread for every connection's timers: it sweeps all connections at {@link #sweepNanos} intervals. */
  private final ScheduledExecutorService timers;
  private final long sweepNanos;
  private final ConnectionIds ids = new ConnectionIds();
  private final CountDownLatch startedOrFailed = new CountDownLatch(1);
  private final AtomicReference<Exception> startFailure = new AtomicReference<>();
  private final HandshakeGuard handshakes;
  /** Closes idle and expired connections and cuts off unanswered closes, on each timer tick. */
  private final ConnectionSweep sweep;
  /** Frames routed while the selector thread decodes a read, written per target when it is done. */
  private final Outbox outbox = new Outbox(this);
  /** The server's selector thread, once it runs: it reads and writes, and routes with one I/O thread. */
  private volatile Thread selectorThread;
  /** What the relay's metrics read; counted here and by the {@link MeteredConnections} the backend sends through. */
  private final RelayCounters counters = new RelayCounters();
  /** The connection whose message this thread is routing, if any: frames to it answer its own. */
  private final ThreadLocal<ClientConnection> routing = new ThreadLocal<>();
  /** Threads that decode and route: the selector thread alone (1), or that many decoder threads of the library. */
  private final int ioThreads;

  /**
   * @param tls the server's TLS context, or null for plain WebSocket
   * @param newConnectionsPerSecond handshakes a second past which one is refused with 429; 0 for no limit
   * @param ioThreads threads that decode and route: 1, the selector thread itself ({@link SelectorDecoder}); more,
   *     that many of Java-WebSocket's decoder threads, each owning the connections the library hands it, while the
   *     selector thread reads and writes every socket
   */
  WebSocketFront(InetSocketAddress address, Collection<String> apiKeys, ConnectionLimits limits,
      Function<RelayConnections, RelayBackend> backendFactory, SSLContext tls, int newConnectionsPerSecond,
      int ioThreads) {
    // The library wants at least one decoder thread; with one I/O thread it stays idle, as the selector decodes.
    super(address, ioThreads, List.of(new RefusingDraft(limits.maxFrameBytes(), limits.maxMessageBytes(),
        WebSocketFront::refuseFrames, new BufferBudget(limits.maxBufferedBytes()))));
    this.ioThreads = ioThreads;
    this.budget = ((RefusingDraft) getDraft().get(0)).budget(); // every connection's draft is a copy of this one
    this.admissions = new HandshakeAdmission(apiKeys, newConnectionsPerSecond, counters);
    this.admission = new OutboundAdmission(limits.maxQueuedBytes(), budget);
    this.limits = limits;
    this.capacity = new ConnectionCapacity(limits, budget, connections, counters);
    this.sweepNanos = limits.sweepInterval().toNanos();
    setReuseAddr(true);
    // A deep accept backlog: a burst of connects waits in the kernel instead of having its SYNs dropped.
    setMaxPendingConnections(ACCEPT_BACKLOG);
    setTcpNoDelay(true);
    this.refusals = new ThrottledAnswers(new MeteredConnections(this, counters), limits);
    this.handshakes = new HandshakeGuard(limits.handshakeTimeout(), limits.maxPendingHandshakes());
    this.sweep = new ConnectionSweep(limits, handshakes, this::requestClose);
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "monologue-relay-timers");
      t.setDaemon(true);
      return t;
    });
    setWebSocketFactory(new CountingSocketFactory(socket -> handshakes.accepted(socket, timers), tls,
        ioThreads == 1 ? this::decodeRead : null));
    this.backend = backendFactory.apply(new MeteredConnections(this, counters));
    if (backend == null) {
      timers.shutdownNow();
      throw new IllegalArgumentException("the backend factory returned null");
    }
  }

  /**
   * Decodes what the selector thread just read, on that thread ({@link SelectorDecoder}): the frames it routes wait
   * in the {@link Outbox} and are written, one write per target, when the read is decoded.
   */
  private void decodeRead(WebSocketImpl socket, ByteBuffer read) {
    outbox.open();
    try {
      socket.decode(read);
    } catch (RuntimeException e) {
      // As Java-WebSocket's decoder thread does: the connection's own error, not the server's.
      log.error("Error while decoding a frame", e);
    } finally {
      outbox.flush();
    }
  }

  /** Threads that decode and route frames. */
  int ioThreads() {
    return ioThreads;
  }

  CountDownLatch startedOrFailed() {
    return startedOrFailed;
  }

  Exception startFailure() {
    return startFailure.get();
  }

  int connectionCount() {
    return connections.size();
  }

  int pendingHandshakeCount() {
    return handshakes.count();
  }

  /**
   * Enqueues {@code frame} if {@link OutboundAdmission} lets it: a frame from another connection to one whose queue
   * is full is refused ({@link Delivery#BUSY}) and the target stays open; a connection that does not read the
   * relay's answers to its own frames is dropped (1008, {@link Delivery#OVERLOADED}). A frame over the message limit
   * is not sent ({@link Delivery#TOO_LARGE}).
   */
  @Override
  public Delivery send(String id, String frame) {
    ClientConnection c = connections.get(id);
    if (c == null || !c.isOpen()) {
      return Delivery.GONE; // nothing may follow a close frame, the relay's or the client's
    }
    if (Utf8.exceeds(frame, limits.maxMessageBytes())) {
      return Delivery.TOO_LARGE; // as API Gateway refuses a post over its limit (413): a wrapped message can be
    }
    long queued = c.account();
    boolean onSelector = Thread.currentThread() == selectorThread;
    ClientConnection from = routing.get();
    String sender = from == null || from == c ? null : from.id; // the relay's own answers count for no sender
    long held = sender == null ? 0 : c.heldBy(sender);
    switch (admission.judge(queued, frame, from == c, held, held > 0 ? c.sendersOtherThan(sender) : 0)) {
      case BUSY:
        return Delivery.BUSY;
      case DROP_CONNECTION:
        log.info("Dropping connection {}: {} bytes wait unsent to it, most of them answers to its own frames; it is"
            + " not reading", id, queued);
        // No close handshake: the client is not reading, so it would never see the close frame.
        c.socket.closeConnection(CloseFrame.POLICY_VALIDATION, "outbound queue full: the client is not reading");
        return Delivery.OVERLOADED;
      default:
        break;
    }
    boolean sent = true;
    if (onSelector && outbox.isOpen()) {
      outbox.add(c, c.encodeText(frame, sender)); // written with the read's other frames to it after the read
    } else {
      sent = c.sendText(frame, sender, onSelector, this);
    }
    c.account();
    return sent ? Delivery.DELIVERED : Delivery.GONE;
  }

  @Override
  public boolean isOpen(String id) {
    ClientConnection c = connections.get(id);
    return c != null && c.isOpen();
  }

  @Override
  public Duration silence(String id) {
    ClientConnection c = connections.get(id);
    return c == null || !c.isOpen() ? null : Duration.ofNanos(Math.max(0, System.nanoTime() - c.lastMessageAt));
  }

  @Override
  public boolean close(String id) {
    ClientConnection c = connections.get(id);
    if (c == null || c.closeRequestedAt != 0) {
      return false;
    }
    requestClose(c, CloseFrame.NORMAL, "closed by the relay", System.nanoTime());
    return true;
  }

  RelayCounters counters() {
    return counters;
  }

  /** What the open connections read and wrote, and hold queued, summed now: O(connections), for a scrape. */
  long[] openBytes() {
    return connections.bytes();
  }

  /** The open connections' IDs and when each opened ({@link System#nanoTime}), for the status page. */
  Map<String, Long> openedAt() {
    return connections.openedAt();
  }

  /** Bytes of the relay's buffer budget in use now: queued to connections and held in unfinished messages. */
  long bufferedBytes() {
    return budget.used();
  }

  /** How many handshakes were refused with 429 over the new-connection rate. */
  long throttledHandshakes() {
    return admissions.throttled();
  }

  /** Closes the front and its timers. */
  @Override
  public void stop(int timeout, String closeMessage) throws InterruptedException {
    timers.shutdownNow();
    super.stop(timeout, closeMessage);
  }

  /** One timer tick ({@link ConnectionSweep}). */
  void sweep() {
    sweep.run(System.nanoTime(), connections.all());
  }

  /** Closes a connection whose client broke a frame rule; its later data frames are dropped unread. */
  private static void refuseFrames(WebSocketImpl socket, int code, String reason) {
    ClientConnection c = connectionOf(socket);
    if (c == null) {
      socket.close(code, reason); // a refused handshake's client: nothing of it reached the backend
      return;
    }
    log.debug("Closing connection {} with {}: {}", c.id, code, reason);
    if (c.closeRequestedAt == 0) {
      ((WebSocketFront) socket.getWebSocketListener()).requestClose(c, code, reason, System.nanoTime());
    }
  }

  /** Asks {@code c} to close with a close frame ({@link ClientConnection#requestClose}). */
  private void requestClose(ClientConnection c, int code, String reason, long now) {
    c.requestClose(code, reason, now, Thread.currentThread() == selectorThread, this);
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
      ClientHandshake request) throws InvalidDataException {
    return admissions.answer(conn, request, super.onWebsocketHandshakeReceivedAsServer(conn, draft, request));
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    handshakes.finished((WebSocketImpl) conn);
    if (HandshakeAdmission.isRefused(conn)) {
      // The 403 response is queued; close once it is written, without a WebSocket close frame.
      ((WebSocketImpl) conn).flushAndClose(CloseFrame.POLICY_VALIDATION, "refused", false);
      return;
    }
    String full = capacity.refusal(conn.getRemoteSocketAddress());
    if (full != null) {
      conn.close(CloseFrame.TRY_AGAIN_LATER, full + "; try again later");
      return;
    }
    String id = ids.next();
    long now = System.nanoTime();
    TokenBucket bucket = limits.rateLimited() ? new TokenBucket(limits.messagesPerSecond(), limits.burst(), now)
        : null;
    ClientConnection c = new ClientConnection(id, (WebSocketImpl) conn, now, bucket, budget);
    conn.setAttachment(c);
    connections.add(c);
    counters.opened.increment();
    try (ConnectionLogContext logContext = ConnectionLogContext.enter(id)) {
      log.debug("Connection {} opened from {}", id, conn.getRemoteSocketAddress());
      try {
        backend.onConnect(id, HandshakeAdmission.headers(handshake));
      } catch (RuntimeException e) {
        log.error("Backend failed on connect of {}", id, e);
      }
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    handshakes.finished((WebSocketImpl) conn);
    ClientConnection c = connectionOf(conn);
    if (c == null) {
      return; // refused, or closed before it opened
    }
    String id = c.id;
    connections.remove(c);
    counters.closedBytesIn.add(c.readBytes());
    counters.closedBytesOut.add(c.writtenBytes());
    c.releaseAccount();
    try (ConnectionLogContext logContext = ConnectionLogContext.enter(id)) {
      log.debug("Connection {} closed: {} {}", id, code, reason);
      try {
        backend.onDisconnect(id, code, reason == null ? "" : reason);
      } catch (RuntimeException e) {
        log.error("Backend failed on disconnect of {}", id, e);
      }
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    ClientConnection c = connectionOf(conn);
    if (c == null) {
      return; // a refused client that sent frames without waiting for the answer
    }
    String id = c.id;
    long now = System.nanoTime();
    c.lastMessageAt = now;
    counters.messagesIn.increment();
    if (!c.admit(now)) {
      counters.throttled.increment();
      routing.set(c);
      try {
        refusals.refuse(id, message);
      } finally {
        routing.remove();
      }
      return;
    }
    routing.set(c);
    try (ConnectionLogContext logContext = ConnectionLogContext.enter(id)) {
      try {
        backend.onText(id, message);
      } catch (RuntimeException e) {
        log.error("Backend failed on a text frame from {}", id, e);
      }
    } finally {
      routing.remove();
    }
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null) {
      // The server itself failed: before start completes this is a bind failure.
      startFailure.compareAndSet(null, ex);
      startedOrFailed.countDown();
      log.error("Relay server error", ex);
    } else {
      ClientConnection c = connectionOf(conn);
      log.warn("Error on connection {}", c == null ? "(not open)" : c.id, ex);
    }
  }

  @Override
  public void onStart() {
    selectorThread = Thread.currentThread();
    timers.scheduleWithFixedDelay(this::sweep, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
    startedOrFailed.countDown();
  }

  private static ClientConnection connectionOf(WebSocket conn) {
    Object attachment = conn.getAttachment();
    return attachment instanceof ClientConnection ? (ClientConnection) attachment : null;
  }
}
