package dev.monologue.transport;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RelaySocket} over Java-WebSocket's client; the only class that touches Java-WebSocket. */
final class WebSocketRelaySocket implements RelaySocket {
  private static final Logger log = LoggerFactory.getLogger(WebSocketRelaySocket.class);
  static final String API_KEY_HEADER = "x-api-key";

  private final Client client;

  WebSocketRelaySocket(URI endpoint, String apiKey, Duration connectTimeout, Listener listener) {
    Map<String, String> headers = new HashMap<>();
    if (apiKey != null) {
      headers.put(API_KEY_HEADER, apiKey);
    }
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    this.client = new Client(endpoint, headers, timeoutMillis, listener);
    client.setTcpNoDelay(true);
  }

  @Override
  public void connect() {
    client.connect();
  }

  @Override
  public void send(String text) {
    try {
      client.send(text);
    } catch (WebsocketNotConnectedException e) {
      throw new IllegalStateException("the WebSocket to the relay is not open", e);
    }
  }

  @Override
  public boolean isOpen() {
    return client.isOpen();
  }

  @Override
  public void close(Duration wait) {
    client.close(CloseFrame.NORMAL, "client closed");
    try {
      if (!client.closeLatch().await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        log.debug("The relay did not acknowledge the close within {} ms; dropping the connection", wait.toMillis());
        client.closeConnection(CloseFrame.ABNORMAL_CLOSE, "close not acknowledged");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.closeConnection(CloseFrame.ABNORMAL_CLOSE, "interrupted while closing");
    }
  }

  private static final class Client extends WebSocketClient {
    private final Listener listener;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    Client(URI endpoint, Map<String, String> headers, int connectTimeoutMillis, Listener listener) {
      super(endpoint, new Draft_6455(), headers, connectTimeoutMillis);
      this.listener = listener;
    }

    java.util.concurrent.CountDownLatch closeLatch() {
      return closed;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      listener.onOpen();
    }

    @Override
    public void onMessage(String message) {
      listener.onText(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      log.warn("Ignoring a binary frame of {} bytes from the relay: the protocol uses text frames only",
          bytes.remaining());
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      try {
        listener.onClosed(code, reason, remote);
      } finally {
        closed.countDown();
      }
    }

    @Override
    public void onError(Exception ex) {
      listener.onError(ex);
    }
  }
}
