package dev.monologue.relay;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a connection's bytes on the server's selector thread, right after it read them, instead of on one of
 * Java-WebSocket's decoder threads.
 *
 * <p>Why: the relay's work per frame is small (parse the envelope, splice the payload, queue a copy) and never
 * blocks, and the selector thread writes the copy itself when the target's queue is empty
 * ({@link CountingChannel#writeFirst}). Handing each read to a decoder thread, and its copy back to the selector,
 * cost two thread wake-ups per frame: most of a call's latency through the relay, and a good part of its CPU.
 *
 * <p>How: Java-WebSocket hands each read to {@code WebSocketServer.queue}, which the front overrides. The read
 * buffer comes from the server's pool, and only the decoder thread gives it back, through a private method; this
 * class puts it back into the pool ({@code WebSocketServer.buffers}, a private field of Java-WebSocket 1.6.0)
 * itself. Should a later Java-WebSocket lack that field, {@link #decode} returns false and the decoder thread does
 * the work as before (LocalRelayBehaviourTest notices).
 */
final class SelectorDecoding {
  private static final Logger log = LoggerFactory.getLogger(SelectorDecoding.class);
  private static final Field POOL = poolField();

  private SelectorDecoding() {}

  /**
   * Decodes the buffer the selector just queued to {@code socket} and gives it back to {@code server}'s pool.
   *
   * @return false if this Java-WebSocket's pool cannot be reached; nothing was done
   */
  static boolean decode(WebSocketServer server, WebSocketImpl socket) throws InterruptedException {
    if (POOL == null) {
      return false;
    }
    ByteBuffer read = socket.inQueue.poll();
    if (read == null) {
      return true;
    }
    try {
      socket.decode(read);
    } catch (RuntimeException e) {
      // As Java-WebSocket's decoder thread does: the connection's own error, not the server's.
      log.error("Error while decoding a frame", e);
    } finally {
      pool(server).put(read);
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static BlockingQueue<ByteBuffer> pool(WebSocketServer server) {
    try {
      return (BlockingQueue<ByteBuffer>) POOL.get(server);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("the read buffer pool was accessible when the class loaded", e);
    }
  }

  private static Field poolField() {
    try {
      Field f = WebSocketServer.class.getDeclaredField("buffers");
      if (!BlockingQueue.class.isAssignableFrom(f.getType())) {
        return null;
      }
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.info("Frames are decoded on Java-WebSocket's decoder thread: its read buffer pool is out of reach ({})",
          e.toString());
      return null;
    }
  }
}
