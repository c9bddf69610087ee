package dev.monologue.relay;

import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.BiFunction;
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
  private final BiFunction<WebSocketAdapter, List<Draft>, WebSocketImpl> sockets;

  CountingSocketFactory(Consumer<WebSocketImpl> accepted) {
    this(accepted, ServerSocketConnection::new);
  }

  /** With {@code sockets} making the connections: for tests that need Java-WebSocket's own to behave otherwise. */
  CountingSocketFactory(Consumer<WebSocketImpl> accepted,
      BiFunction<WebSocketAdapter, List<Draft>, WebSocketImpl> sockets) {
    this.accepted = accepted;
    this.sockets = sockets;
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return sockets.apply(adapter, List.of(draft));
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return sockets.apply(adapter, drafts);
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
    WebSocketImpl socket = (WebSocketImpl) key.attachment(); // Java-WebSocket attaches it before wrapping
    accepted.accept(socket);
    return new CountingChannel(channel, key, socket);
  }

  @Override
  public void close() {}
}
