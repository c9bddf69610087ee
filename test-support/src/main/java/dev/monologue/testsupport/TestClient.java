package dev.monologue.testsupport;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.enums.Opcode;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A plain Java-WebSocket client that sends frames as written and records what it receives, with bounded waits: for
 * what a Monologue client would never send, and for watching a relay's answers. The relay's, the stand-in's and the
 * end-to-end suites share it.
 */
public final class TestClient extends WebSocketClient implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern TO = Pattern.compile("^\\{\"to\":\"([^\"]+)\"");

  public final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();
  /** The close reason; set before {@link #closed} completes. */
  public volatile String closeReason;
  private String id;

  private TestClient(URI endpoint, Map<String, String> headers) {
    super(endpoint, headers);
  }

  /** A client not connected yet: for tests of handshakes the relay refuses. */
  public static TestClient unconnected(URI endpoint, Map<String, String> headers) {
    return new TestClient(endpoint, headers);
  }

  public static TestClient connect(URI endpoint) throws InterruptedException {
    return connect(endpoint, Map.of());
  }

  public static TestClient connect(URI endpoint, Map<String, String> headers) throws InterruptedException {
    return connect(endpoint, headers, null);
  }

  /** A client not connected yet, trusting a {@code wss://} relay through {@code tls} (null: the JVM's default). */
  public static TestClient unconnected(URI endpoint, Map<String, String> headers, SSLContext tls) {
    TestClient c = new TestClient(endpoint, headers);
    if (tls != null) {
      c.setSocketFactory(tls.getSocketFactory());
    }
    return c;
  }

  /** Connects to a {@code wss://} relay whose certificate {@code tls} trusts (null: plain, or the JVM's default). */
  public static TestClient connect(URI endpoint, Map<String, String> headers, SSLContext tls)
      throws InterruptedException {
    TestClient c = unconnected(endpoint, headers, tls);
    if (!c.connectBlocking(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      c.close();
      throw new AssertionError("could not connect to " + endpoint);
    }
    return c;
  }

  /** The next frame, or an AssertionError after {@link #WAIT}. */
  public String next() throws InterruptedException {
    String frame = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + WAIT);
    }
    return frame;
  }

  /** Learns this client's ID with whoami. */
  public String id() throws InterruptedException {
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

  /** Sends one text message as frames of at most {@code fragmentBytes} (ASCII text, so no character is split). */
  public void sendFragmented(String message, int fragmentBytes) {
    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
    for (int at = 0; at < bytes.length; at += fragmentBytes) {
      int len = Math.min(fragmentBytes, bytes.length - at);
      sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(bytes, at, len), at + len >= bytes.length);
    }
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
