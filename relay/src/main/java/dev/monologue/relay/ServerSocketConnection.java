package dev.monologue.relay;

import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.server.WebSocketServer;

/**
 * One accepted connection, as Java-WebSocket's own, that also knows when its client's close frame arrived, and
 * sends what the relay routed to it in the same read ({@link Outbox}) before the echo of that close.
 *
 * <p>Why: Java-WebSocket answers a client's close frame by queueing its echo first and marking the connection as
 * closing only after that. Where another thread than the selector decodes (Java-WebSocket's decoder threads,
 * in a relay with more than one I/O thread), the selector thread may write the echo, the client finish its close
 * and another client ask about it before the decoding thread has got that far; the connection then still looked
 * open. Noting the close before the echo is queued means that nothing that happens after the
 * client finished its close can see it open.
 */
final class ServerSocketConnection extends WebSocketImpl {
  private volatile boolean closeReceived;

  ServerSocketConnection(WebSocketListener listener, List<Draft> drafts) {
    super(listener, drafts);
  }

  /** Whether the client's close frame arrived: nothing more may be sent to it, and it counts as gone. */
  boolean closeReceived() {
    return closeReceived;
  }

  /** Java-WebSocket calls this with {@code remote} true when the client's close frame arrived, to echo it. */
  @Override
  public void close(int code, String message, boolean remote) {
    if (remote) {
      closeReceived = true; // before the echo is queued
      if (getAttachment() instanceof ClientConnection c && getWebSocketListener() instanceof WebSocketServer s) {
        c.releaseHeldFrames(s); // what the relay routed to it before its close goes before the echo
      }
    }
    super.close(code, message, remote);
  }
}
