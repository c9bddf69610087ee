package dev.monologue.bench;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** One bare Java-WebSocket client: learns its ID with whoami, then hands every frame to {@code onFrame}. */
final class BarePeer extends WebSocketClient {
  private final Consumer<String> onFrame;
  private final CompletableFuture<String> whoami = new CompletableFuture<>();
  private volatile String id;

  BarePeer(URI endpoint, Consumer<String> onFrame) {
    super(endpoint);
    this.onFrame = onFrame;
    setTcpNoDelay(true);
  }

  /** Connects and asks for its ID; returns it. */
  String open() throws Exception {
    if (!connectBlocking(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("bare client could not connect to " + getURI());
    }
    send("{\"action\":\"whoami\",\"payload\":{\"token\":\"bare-whoami\"}}");
    id = whoami.get(Bench.CALL_BOUND.toMillis() * 3, TimeUnit.MILLISECONDS);
    return id;
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    if (id == null) {
      whoami.complete(BareFrames.Delivered.parse(message, "ret").from());
      return;
    }
    onFrame.accept(message);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    whoami.completeExceptionally(new IllegalStateException("closed: " + code + " " + reason));
  }

  @Override
  public void onError(Exception ex) {
    whoami.completeExceptionally(ex);
  }
}
