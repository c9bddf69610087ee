package dev.monologue.relay;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Creates the server's connections as {@link ServerSocketConnection}s, each over a {@link CountingChannel} (or, with
 * TLS, a {@link TlsCountingChannel} over a {@link TlsChannel}), and tells {@code accepted} of each new one (its
 * handshake is still to come).
 */
final class CountingSocketFactory implements WebSocketServerFactory {
  /** What API Gateway accepts: TLS 1.2 and later. */
  static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final Consumer<WebSocketImpl> accepted;
  private final BiFunction<WebSocketAdapter, List<Draft>, WebSocketImpl> sockets;
  /** Null for plain sockets. */
  private final SSLContext tls;
  /** Decodes each read on the selector thread; null to leave reads to Java-WebSocket's decoder threads. */
  private final SelectorDecoder decoder;

  CountingSocketFactory(Consumer<WebSocketImpl> accepted, SSLContext tls, SelectorDecoder decoder) {
    this(accepted, ServerSocketConnection::new, tls, decoder);
  }

  /** With {@code sockets} making the connections: for tests that need Java-WebSocket's own to behave otherwise. */
  CountingSocketFactory(Consumer<WebSocketImpl> accepted,
      BiFunction<WebSocketAdapter, List<Draft>, WebSocketImpl> sockets, SSLContext tls, SelectorDecoder decoder) {
    this.accepted = accepted;
    this.sockets = sockets;
    this.tls = tls;
    this.decoder = decoder;
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
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    WebSocketImpl socket = (WebSocketImpl) key.attachment(); // Java-WebSocket attaches it before wrapping
    accepted.accept(socket);
    if (tls == null) {
      return new CountingChannel(channel, key, socket, decoder);
    }
    SSLEngine engine = tls.createSSLEngine();
    engine.setUseClientMode(false);
    List<String> supported = List.of(engine.getSupportedProtocols());
    engine.setEnabledProtocols(java.util.Arrays.stream(TLS_PROTOCOLS).filter(supported::contains)
        .toArray(String[]::new));
    return new TlsCountingChannel(new TlsChannel(channel, key, engine), key, socket, decoder);
  }

  @Override
  public void close() {}
}
