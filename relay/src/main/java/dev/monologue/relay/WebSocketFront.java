package dev.monologue.relay;

import dev.monologue.relay.core.Delivery;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket side of a relay: accepts WebSocket connections (checking the API key at the handshake), names each
 * with a random connection ID, and hands their events to a {@link RelayBackend}; sends and closes by ID. Knows
 * nothing about the protocol beyond "text frames, no binary".
 */
final class WebSocketFront extends WebSocketServer implements RelayConnections {
  private static final Logger log = LoggerFactory.getLogger(WebSocketFront.class);
  static final String API_KEY_HEADER = "x-api-key";
  /** Attachment of a connection whose handshake was refused; it is closed in onOpen. */
  private static final Object REFUSED = new Object();

  private final Map<String, WebSocket> byId = new ConcurrentHashMap<>();
  private final List<byte[]> apiKeyDigests;
  private final RelayBackend backend;
  private final SecureRandom random = new SecureRandom();
  private final CountDownLatch startedOrFailed = new CountDownLatch(1);
  private final AtomicReference<Exception> startFailure = new AtomicReference<>();

  /**
   * @param maxFrameBytes hard cap on one WebSocket message; a bigger one closes its connection with 1009
   */
  WebSocketFront(InetSocketAddress address, Collection<String> apiKeys, int maxFrameBytes,
      Function<RelayConnections, RelayBackend> backendFactory) {
    super(address, List.of(new RefusingDraft(maxFrameBytes)));
    this.apiKeyDigests = apiKeys.stream().map(WebSocketFront::sha256).toList();
    setReuseAddr(true);
    setTcpNoDelay(true);
    this.backend = backendFactory.apply(this);
    if (backend == null) {
      throw new IllegalArgumentException("the backend factory returned null");
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

  @Override
  public Delivery send(String id, String frame) {
    WebSocket conn = byId.get(id);
    if (conn == null) {
      return Delivery.GONE;
    }
    try {
      conn.send(frame); // enqueues; the selector thread writes
      return Delivery.DELIVERED;
    } catch (WebsocketNotConnectedException e) {
      return Delivery.GONE;
    }
  }

  @Override
  public boolean isOpen(String id) {
    WebSocket conn = byId.get(id);
    return conn != null && conn.isOpen();
  }

  @Override
  public boolean close(String id) {
    WebSocket conn = byId.get(id);
    if (conn == null) {
      return false;
    }
    conn.close(CloseFrame.NORMAL, "closed by the relay");
    return true;
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
      ClientHandshake request) throws InvalidDataException {
    ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    if (apiKeyDigests.isEmpty()) {
      return response;
    }
    String key = request.getFieldValue(API_KEY_HEADER); // "" when absent
    if (key.isEmpty()) {
      return refuse(conn, 401, "missing x-api-key header; this relay needs an API key");
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
    if (conn.getAttachment() == REFUSED) {
      // The 401/403 response is queued; close once it is written, without a WebSocket close frame.
      ((WebSocketImpl) conn).flushAndClose(CloseFrame.POLICY_VALIDATION, "refused", false);
      return;
    }
    String id = newId();
    conn.setAttachment(id);
    byId.put(id, conn);
    log.debug("Connection {} opened from {}", id, conn.getRemoteSocketAddress());
    try {
      backend.onConnect(id, headers(handshake));
    } catch (RuntimeException e) {
      log.error("Backend failed on connect of {}", id, e);
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    String id = idOf(conn);
    if (id == null) {
      return; // refused, or closed before it opened
    }
    byId.remove(id, conn);
    log.debug("Connection {} closed: {} {}", id, code, reason);
    try {
      backend.onDisconnect(id);
    } catch (RuntimeException e) {
      log.error("Backend failed on disconnect of {}", id, e);
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    String id = idOf(conn);
    if (id == null) {
      return; // a refused client that sent frames without waiting for the answer
    }
    try {
      backend.onText(id, message);
    } catch (RuntimeException e) {
      log.error("Backend failed on a text frame from {}", id, e);
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    String id = idOf(conn);
    if (id == null) {
      return;
    }
    try {
      backend.onBinary(id);
    } catch (RuntimeException e) {
      log.error("Backend failed on a binary frame from {}", id, e);
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
      log.warn("Error on connection {}", (Object) conn.getAttachment(), ex);
    }
  }

  @Override
  public void onStart() {
    startedOrFailed.countDown();
  }

  private static String idOf(WebSocket conn) {
    Object attachment = conn.getAttachment();
    return attachment instanceof String ? (String) attachment : null;
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
