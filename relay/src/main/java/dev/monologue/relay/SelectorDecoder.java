package dev.monologue.relay;

import java.nio.ByteBuffer;
import org.java_websocket.WebSocketImpl;

/**
 * Decodes what a connection's channel just read, on the selector thread that read it, before Java-WebSocket sees
 * the read ({@link CountingChannel}, {@link TlsCountingChannel}); the channel then reports nothing read, so the
 * library gives its read buffer back to its pool itself and hands nothing to a decoder thread.
 *
 * <p>Why: the relay's work per frame is small (parse the envelope, splice the payload, queue a copy) and never
 * blocks, and the selector thread writes the copy itself when the target's queue is empty
 * ({@link CountingChannel#writeFirst}). Handing each read to a decoder thread, and its copy back to the selector,
 * costs two thread wake-ups per frame: most of a call's latency through the relay, and a good part of its CPU.
 * Only public ground is used: a wrapped channel ({@code WrappedByteChannel}) and {@code WebSocketImpl.decode}.
 */
interface SelectorDecoder {
  /** Decodes {@code read} (flipped: its bytes lie between position and limit) for {@code socket}. */
  void decode(WebSocketImpl socket, ByteBuffer read);
}
