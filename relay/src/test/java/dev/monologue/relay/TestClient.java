package dev.monologue.relay;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A plain Java-WebSocket client that records what it receives, with bounded waits. */
final class TestClient extends WebSocketClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(5);
  private static final Pattern TO = Pattern.compile("^\\{\"to\":\"([^\"]+)\"");

  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  /** The close reason; set before {@link #closed} completes. */
  volatile String closeReason;
  private String id;

  TestClient(URI endpoint, Map<String, String> headers) {
    super(endpoint, headers);
  }

  static TestClient connect(URI endpoint) throws InterruptedException {
    return connect(endpoint, Map.of());
  }

  static TestClient connect(URI endpoint, Map<String, String> headers) throws InterruptedException {
    TestClient c = new TestClient(endpoint, headers);
    if (!c.connectBlocking(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      c.close();
      throw new AssertionError("could not connect to " + endpoint);
    }
    return c;
  }

  /** The next frame, or an AssertionError after {@link #WAIT}. */
  String next() throws InterruptedException {
    String frame = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + WAIT);
    }
    return frame;
  }

  /** Learns this client's ID with whoami. */
  String id() throws InterruptedException {
    if (id == null) {
      send("{\"action\":\"whoami\",\"payload\":{\"token\":\"who\"}}");
      Matcher m = TO.matcher(next());
      if (!m.find()) {
        throw new AssertionError("whoami reply without 'to'");
      }
      id = m.group(1);
    }
    return id;
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    received.add(message);
  }

  @Override
  public void onMessage(ByteBuffer bytes) {
    received.add("<binary>");
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeReason = reason;
    closed.complete(code);
  }

  @Override
  public void onError(Exception ex) {}
}
