package dev.monologue.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A bare Java-WebSocket client that sends frames as written, for what a Monologue client would never send. */
final class RawClient extends WebSocketClient {
  static final Duration WAIT = Duration.ofSeconds(5);

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  private RawClient(URI endpoint, Map<String, String> headers) {
    super(endpoint, headers);
  }

  static RawClient connect(URI endpoint, String apiKey) throws InterruptedException {
    RawClient c = new RawClient(endpoint, Map.of("x-api-key", apiKey));
    if (!c.connectBlocking(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      c.close();
      throw new AssertionError("raw client could not connect to " + endpoint);
    }
    return c;
  }

  /** The next frame received, or an AssertionError after {@link #WAIT}. */
  String next() throws InterruptedException {
    String frame = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + WAIT);
    }
    return frame;
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    received.add(message);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {}

  @Override
  public void onError(Exception ex) {}
}
