package dev.monologue.relay;

import dev.monologue.relay.core.Delivery;
import dev.monologue.relay.core.Router;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.WarningBudget;
import dev.monologue.wire.Utf8;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket side of a relay: accepts WebSocket connections (checking the API key at the handshake), names each
 * with a random connection ID, and hands their events to a {@link RelayBackend}; sends and closes by ID. Enforces
 * API Gateway's connection limits ({@link ConnectionLimits}): idle timeout, maximum duration, a per-connection
 * message rate, and a bound on the bytes queued to a connection that does not read. Binary frames and oversized
 * frames and messages never reach the backend: the draft reports them ({@link GatewayFrameRules}) and the front
 * closes their connection gracefully, as it closes idle ones.
 */
final class WebSocketFront extends WebSocketServer implements RelayConnections {
  private static final Logger log = LoggerFactory.getLogger(WebSocketFront.class);
  /** A flood of refused sockets must not write a line each: at most one warning every 10 s. */
  private final WarningBudget refusedLog = new WarningBudget(TimeUnit.SECONDS.toNanos(10));
  static final String API_KEY_HEADER = "x-api-key";
  /** Attachment of a connection whose handshake was refused; it is closed in onOpen. */
  private static final Object REFUSED = new Object();
  /** API Gateway closes idle and expired connections with 1001. */
  static final String IDLE_REASON = "idle timeout";
  static final String EXPIRED_REASON = "connection duration exceeded";
  /** How long a client asked to close may take to answer before its socket is closed without it. */
  private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** The most a WebSocket frame header adds to a server-to-client text message. */
  private static final int MAX_HEADER_BYTES = 10;
  private static final int ACCEPT_BACKLOG = 1024;

  private final Map<String, ClientConnection> byId = new ConcurrentHashMap<>();
  private final List<byte[]> apiKeyDigests;
  private final RelayBackend backend;
  private final ConnectionLimits limits;
  /** Answers the frames the front refuses itself (over the rate limit) in the protocol's error format. */
  private final Router refusals;
  /** One thread for every connection's timers: it sweeps all connections at {@link #sweepNanos} intervals. */
  private final ScheduledExecutorService timers;
  private final long sweepNanos;
  private final SecureRandom random = new SecureRandom();
  private final CountDownLatch startedOrFailed = new CountDownLatch(1);
  private final AtomicReference<Exception> startFailure = new AtomicReference<>();
  private final HandshakeGuard handshakes;
  /** Frames routed while the selector thread decodes a read, written per target when it is done. */
  private final Outbox outbox = new Outbox(this);
  /** The server's selector thread, once it runs: it reads, routes and writes; set in {@link #onStart}. */
  private volatile Thread selectorThread;
  /** New connections a second, all clients together (API Gateway's account limit), or null for no limit. */
  private final TokenBucket newConnections;
  private final AtomicLong throttledHandshakes = new AtomicLong();

  /** @param tls the server's TLS context, or null for plain WebSocket */
  WebSocketFront(InetSocketAddress address, Collection<String> apiKeys, ConnectionLimits limits,
      Function<RelayConnections, RelayBackend> backendFactory, SSLContext tls) {
    this(address, apiKeys, limits, backendFactory, tls, 0);
  }

  /**
   * @param tls the server's TLS context, or null for plain WebSocket
   * @param newConnectionsPerSecond handshakes a second past which one is refused with 429; 0 for no limit
   */
  WebSocketFront(InetSocketAddress address, Collection<String> apiKeys, ConnectionLimits limits,
      Function<RelayConnections, RelayBackend> backendFactory, SSLContext tls, int newConnectionsPerSecond) {
    // One decoder thread, idle unless SelectorDecoding is unavailable: the selector thread decodes.
    super(address, 1, List.of(new RefusingDraft(limits.maxFrameBytes(), limits.maxMessageBytes(),
        WebSocketFront::refuseFrames)));
    this.apiKeyDigests = apiKeys.stream().map(WebSocketFront::sha256).toList();
    this.newConnections = newConnectionsPerSecond > 0
        ? new TokenBucket(newConnectionsPerSecond, newConnectionsPerSecond, System.nanoTime()) : null;
    this.limits = limits;
    this.sweepNanos = limits.sweepInterval().toNanos();
    setReuseAddr(true);
    // A deep accept backlog: a burst of connects waits in the kernel instead of having its SYNs dropped.
    setMaxPendingConnections(ACCEPT_BACKLOG);
    setTcpNoDelay(true);
    this.refusals = new Router(this, limits.maxMessageBytes());
    this.handshakes = new HandshakeGuard(limits.handshakeTimeout(), limits.maxPendingHandshakes());
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "monologue-relay-timers");
      t.setDaemon(true);
      return t;
    });
    setWebSocketFactory(new CountingSocketFactory(socket -> handshakes.accepted(socket, timers), tls));
    this.backend = backendFactory.apply(this);
    if (backend == null) {
      timers.shutdownNow();
      throw new IllegalArgumentException("the backend factory returned null");
    }
  }

  /**
   * Decodes what the selector thread just read on that thread, so a frame is routed and its copy written without
   * a hand-off to a decoder thread and back ({@link SelectorDecoding}); where that is unavailable, Java-WebSocket's
   * decoder thread does it.
   */
  @Override
  protected void queue(WebSocketImpl ws) throws InterruptedException {
    outbox.open();
    try {
      if (!SelectorDecoding.decode(this, ws)) {
        super.queue(ws);
      }
    } finally {
      outbox.flush();
    }
  }

  CountDownLatch startedOrFailed() {
    return startedOrFailed;
  }

  Exception startFailure() {
    return startFailure.get();
  }

  int connectionCount() {
    return byId.size();
  }

  int pendingHandshakeCount() {
    return handshakes.count();
  }

  /**
   * Enqueues {@code frame} unless that would put more than {@link ConnectionLimits#maxQueuedBytes()} in the
   * connection's outbound queue; then the connection is dropped (1008) instead: it is not reading, and holding its
   * frames would let it grow the relay's memory without bound. A frame bigger than the bound still goes to a
   * connection whose queue is empty. A frame over the message limit is not sent ({@link Delivery#TOO_LARGE}).
   */
  @Override
  public Delivery send(String id, String frame) {
    ClientConnection c = byId.get(id);
    if (c == null || !c.isOpen()) {
      return Delivery.GONE; // nothing may follow a close frame, the relay's or the client's
    }
    if (Utf8.exceeds(frame, limits.maxMessageBytes())) {
      return Delivery.TOO_LARGE; // as API Gateway refuses a post over its limit (413): a wrapped message can be
    }
    long queued = c.queuedBytes();
    // Cheap first: a char is at most 3 UTF-8 bytes, so most frames need no exact count.
    if (queued > 0 && queued + 3L * frame.length() + MAX_HEADER_BYTES > limits.maxQueuedBytes()
        && queued + Utf8.length(frame) + MAX_HEADER_BYTES > limits.maxQueuedBytes()) {
      log.info("Dropping connection {}: {} bytes wait unsent to it and the bound is {}; it is not reading", id,
          queued, limits.maxQueuedBytes());
      // No close handshake: the client is not reading, so it would never see the close frame.
      c.socket.closeConnection(CloseFrame.POLICY_VALIDATION, "outbound queue full: the client is not reading");
      return Delivery.OVERLOADED;
    }
    boolean onSelector = Thread.currentThread() == selectorThread;
    if (onSelector && outbox.isOpen()) {
      outbox.add(c, c.encodeText(frame)); // written with the read's other frames to it once the read is decoded
      return Delivery.DELIVERED;
    }
    return c.sendText(frame, onSelector, this) ? Delivery.DELIVERED : Delivery.GONE;
  }

  @Override
  public boolean isOpen(String id) {
    ClientConnection c = byId.get(id);
    return c != null && c.isOpen();
  }

  @Override
  public boolean close(String id) {
    ClientConnection c = byId.get(id);
    if (c == null || c.closeRequestedAt != 0) {
      return false;
    }
    requestClose(c, CloseFrame.NORMAL, "closed by the relay", System.nanoTime());
    return true;
  }

  /** How many handshakes were refused with 429 over the new-connection rate. */
  long throttledHandshakes() {
    return throttledHandshakes.get();
  }

  /** Closes the front and its timers. */
  @Override
  public void stop(int timeout, String closeMessage) throws InterruptedException {
    timers.shutdownNow();
    super.stop(timeout, closeMessage);
  }

  /** One timer tick: closes the connections that were idle or open too long, and cuts off unanswered closes. */
  void sweep() {
    long now = System.nanoTime();
    handshakes.enforce(now);
    long idleNanos = limits.idleTimeout().toNanos();
    long maxAgeNanos = limits.maxConnectionDuration().toNanos();
    for (ClientConnection c : byId.values()) {
      try {
        long closeRequested = c.closeRequestedAt;
        if (closeRequested != 0) {
          if (now - closeRequested > CLOSE_GRACE_NANOS) {
            log.debug("Connection {} did not answer its close; closing its socket", c.id);
            c.socket.closeConnection(CloseFrame.GOING_AWAY, "close not answered");
          }
        } else if (now - c.openedAt >= maxAgeNanos) {
          log.debug("Connection {} reached the maximum connection duration", c.id);
          requestClose(c, CloseFrame.GOING_AWAY, EXPIRED_REASON, now);
        } else if (now - c.lastMessageAt >= idleNanos) {
          log.debug("Connection {} idle for {} ms", c.id, TimeUnit.NANOSECONDS.toMillis(now - c.lastMessageAt));
          requestClose(c, CloseFrame.GOING_AWAY, IDLE_REASON, now);
        }
      } catch (RuntimeException e) {
        log.warn("Could not close connection {}", c.id, e); // keep sweeping the others
      }
    }
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

  /**
   * Sends a close frame and waits for the client's (the sweep cuts the socket after a grace period). Not
   * {@code WebSocketImpl.close}: it closes the socket as soon as the close frame is written, and a client still
   * sending then gets a TCP reset that can discard the close frame unread, so it never learns why.
   */
  private void requestClose(ClientConnection c, int code, String reason, long now) {
    if (Thread.currentThread() == selectorThread) {
      c.releaseHeldFrames(this); // what was routed to it before the close goes before the close frame
    }
    c.closeRequestedAt = now == 0 ? 1 : now;
    CloseFrame frame = new CloseFrame();
    try {
      frame.setCode(code);
      frame.setReason(reason);
      c.socket.sendFrame(frame);
    } catch (RuntimeException e) {
      c.socket.closeConnection(code, reason); // not open any more: nothing to wait for
    }
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
      ClientHandshake request) throws InvalidDataException {
    ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    if (newConnections != null && !newConnections.tryTake(System.nanoTime())) {
      throttledHandshakes.incrementAndGet();
      return refuse(conn, 429, "Too Many Requests: over the limit of new connections per second");
    }
    if (apiKeyDigests.isEmpty()) {
      return response;
    }
    String key = request.getFieldValue(API_KEY_HEADER); // "" when absent
    if (key.isEmpty()) {
      // 403 like API Gateway, which answers a missing key as it answers a wrong one
      return refuse(conn, 403, "missing x-api-key header; this relay needs an API key");
    }
    byte[] digest = sha256(key);
    boolean matched = false;
    for (byte[] candidate : apiKeyDigests) {
      matched |= MessageDigest.isEqual(digest, candidate); // no early exit: same time whichever key matches
    }
    return matched ? response : refuse(conn, 403, "wrong API key in the x-api-key header");
  }

  private static ServerHandshakeBuilder refuse(WebSocket conn, int status, String message) {
    log.info("Refused a connection from {}: {}", conn.getRemoteSocketAddress(), message);
    conn.setAttachment(REFUSED);
    HandshakeImpl1Server response = new HandshakeImpl1Server();
    response.setHttpStatus((short) status);
    response.setHttpStatusMessage(message);
    return response;
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    handshakes.finished((WebSocketImpl) conn);
    if (conn.getAttachment() == REFUSED) {
      // The 403 response is queued; close once it is written, without a WebSocket close frame.
      ((WebSocketImpl) conn).flushAndClose(CloseFrame.POLICY_VALIDATION, "refused", false);
      return;
    }
    if (byId.size() >= limits.maxConnections()) {
      if (refusedLog.tryLog()) {
        log.warn("Refused a connection from {}: the relay has its maximum of {} connections ({} such lines"
            + " suppressed)", conn.getRemoteSocketAddress(), limits.maxConnections(), refusedLog.takeSuppressed());
      }
      conn.close(CloseFrame.TRY_AGAIN_LATER, "the relay has its maximum of " + limits.maxConnections()
          + " connections; try again later");
      return;
    }
    String id = newId();
    long now = System.nanoTime();
    TokenBucket bucket = limits.rateLimited() ? new TokenBucket(limits.messagesPerSecond(), limits.burst(), now)
        : null;
    ClientConnection c = new ClientConnection(id, (WebSocketImpl) conn, now, bucket);
    conn.setAttachment(c);
    byId.put(id, c);
    try (ConnectionLogContext logContext = ConnectionLogContext.enter(id)) {
      log.debug("Connection {} opened from {}", id, conn.getRemoteSocketAddress());
      try {
        backend.onConnect(id, headers(handshake));
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
    byId.remove(id, c);
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
    if (!c.admit(now)) {
      refusals.refuse(id, message, ErrorCode.THROTTLED, "connection is over the relay's rate limit of "
          + rate() + "; the message was not delivered; send more slowly");
      return;
    }
    try (ConnectionLogContext logContext = ConnectionLogContext.enter(id)) {
      try {
        backend.onText(id, message);
      } catch (RuntimeException e) {
        log.error("Backend failed on a text frame from {}", id, e);
      }
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

  private String rate() {
    return limits.messagesPerSecond() + " messages per second (burst " + limits.burst() + ")";
  }

  private static ClientConnection connectionOf(WebSocket conn) {
    Object attachment = conn.getAttachment();
    return attachment instanceof ClientConnection ? (ClientConnection) attachment : null;
  }

  private String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Map<String, String> headers(ClientHandshake handshake) {
    Map<String, String> headers = new HashMap<>();
    for (Iterator<String> it = handshake.iterateHttpFields(); it.hasNext(); ) {
      String name = it.next();
      headers.put(name.toLowerCase(Locale.ROOT), handshake.getFieldValue(name));
    }
    return Map.copyOf(headers);
  }

  private static byte[] sha256(String s) {
    try {
      // Digests have one length, so comparing them leaks nothing about the keys' lengths either.
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
