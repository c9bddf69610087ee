package dev.monologue.relay;

import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Consumer;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Creates the server's connections as {@link ServerSocketConnection}s, each over a {@link CountingChannel}, and tells
 * {@code accepted} of each new one (its handshake is still to come).
 */
final class CountingSocketFactory implements WebSocketServerFactory {
  private final Consumer<WebSocketImpl> accepted;

  CountingSocketFactory(Consumer<WebSocketImpl> accepted) {
    this.accepted = accepted;
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return new ServerSocketConnection(adapter, draft);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return new ServerSocketConnection(adapter, drafts);
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
    if (key.attachment() instanceof WebSocketImpl socket) {
      accepted.accept(socket);
    }
    return new CountingChannel(channel);
  }

  @Override
  public void close() {}
}
