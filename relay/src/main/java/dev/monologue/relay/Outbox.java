package dev.monologue.relay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.server.WebSocketServer;

/**
 * The frames the selector thread routes while it decodes one read, kept by target and written together once the
 * read is done: one write for all the frames a read sends to a connection, where a write per frame cost a system
 * call, a TCP segment and often a wake-up of the target's reader each. Most of the relay's time is in the kernel, so
 * a caller's burst of requests to one callee costs a fraction of what it did.
 *
 * <p>Selector thread only.
 */
final class Outbox {
  private final WebSocketServer server;
  private final List<ClientConnection> targets = new ArrayList<>();
  private boolean open;

  Outbox(WebSocketServer server) {
    this.server = server;
  }

  /** From now until {@link #flush}, frames routed on the selector thread wait here. */
  void open() {
    open = true;
  }

  boolean isOpen() {
    return open;
  }

  /** Keeps {@code frame} (encoded and counted as queued) for {@code target}. */
  void add(ClientConnection target, ByteBuffer frame) {
    if (target.holdFrame(frame)) {
      targets.add(target);
    }
  }

  /** Writes what waits, a write per target, in the order the targets were first sent to; closes the outbox. */
  void flush() {
    open = false;
    for (int i = 0; i < targets.size(); i++) {
      targets.get(i).releaseHeldFrames(server);
    }
    targets.clear();
  }
}
