package dev.monologue.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;

/**
 * A connection's socket channel that counts the bytes written to it (with the bytes its {@link RefusingDraft}
 * encoded, this gives the bytes still waiting in the connection's outbound queue), and that keeps a frame queued to
 * the connection from being stranded by Java-WebSocket's selector.
 *
 * <p>With a {@link SelectorDecoder} (one relay I/O thread), what it reads is decoded here, on the selector thread,
 * and the library is told nothing was read: it gives its buffer back to its pool and queues nothing.
 *
 * <p>The stranding: after writing a connection's queue, Java-WebSocket's selector thread sets the connection's
 * interest back to reading only, without looking at the queue again. A frame that another thread queued in
 * between (Java-WebSocket's decoder threads, with more than one relay I/O thread; the relay's timer with a close
 * frame; a stand-in's function), asking for write interest before the selector took it away, stays queued
 * until something else is sent to that connection. The selector writes a connection in the same round in which it read from it (its key stays
 * in the selected set, marked writable, after every write), so a reply to the frame just read, such as the echo of
 * a client's first {@code whoami}, could be stranded, and the client waited for its ID in vain.
 *
 * <p>The repair uses the hook Java-WebSocket gives wrapped channels: when a read in a round that will also write
 * the connection says more reading is needed, the selector calls {@link #readMore} after that round's writes. There,
 * on the selector thread and so after it took the write interest away, a non-empty queue gets it back.
 */
final class CountingChannel implements WrappedByteChannel, RelayChannel {
  private final SocketChannel channel;
  private final SelectionKey key;
  private final WebSocketImpl socket;
  /** Decodes reads on the selector thread; null when Java-WebSocket's decoder threads do. */
  private final SelectorDecoder decoder;
  /** Written only by the server's selector thread (the one thread that writes sockets), read by any. */
  private volatile long written;
  /** Bytes read, for the relay's metrics; written only by the selector thread, read by any. */
  private volatile long read;
  /** Whether a read happened in a round that writes this connection too; selector thread only. */
  private boolean recheckWrites;
  /**
   * The rest of a frame the selector thread began writing itself ({@link #writeFirst}) and the socket did not take
   * whole; written before anything of the connection's queue. Selector thread only.
   */
  private ByteBuffer unfinished;

  CountingChannel(SocketChannel channel, SelectionKey key, WebSocketImpl socket, SelectorDecoder decoder) {
    this.channel = channel;
    this.key = key;
    this.socket = socket;
    this.decoder = decoder;
  }

  @Override
  public long writtenBytes() {
    return written;
  }

  @Override
  public long readBytes() {
    return read;
  }

  /**
   * Writes {@code frame} to the socket at once if nothing is waiting to be written before it, and says whether it
   * did: the selector thread routes most frames, and a frame it writes itself costs no wake-up of the selector and no
   * change of the connection's interest. What the socket does not take is written before the connection's queue.
   * Selector thread only; every other thread queues its frames.
   *
   * @return false if frames wait in the queue: {@code frame} was not touched and goes behind them
   */
  @Override
  public boolean writeFirst(ByteBuffer frame) throws IOException {
    if (unfinished != null || socket.hasBufferedData()) {
      return false;
    }
    count(channel.write(frame));
    if (frame.hasRemaining()) {
      unfinished = frame;
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
    return true;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (unfinished != null) {
      writeMore();
      if (unfinished != null) {
        return 0; // the queue waits for the rest of the frame begun before it
      }
    }
    return count(channel.write(src));
  }

  private int count(int n) {
    if (n > 0) {
      written += n; // single writer: a plain read-add-write of a volatile is safe here
    }
    return n;
  }

  /**
   * Called by the selector thread only. With a {@link SelectorDecoder}, what was read is decoded here and 0 is
   * returned: the library then pushes {@code dst} back to its pool.
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    int n = channel.read(dst);
    if (n > 0) {
      read += n; // single writer
      if (decoder != null) {
        dst.flip();
        decoder.decode(socket, dst);
        dst.clear();
        return 0;
      }
      recheckWrites = writesThisRound(key);
    }
    return n;
  }

  @Override
  public boolean isNeedRead() {
    return recheckWrites;
  }

  /** The selector thread, after this round's writes: a queue left non-empty gets its write interest back. */
  @Override
  public int readMore(ByteBuffer dst) {
    recheckWrites = false;
    rearmWrites(key, unfinished != null || socket.hasBufferedData());
    return 0;
  }

  /** Gives {@code key} its write interest back if {@code pending} and it lost it. Selector thread only. */
  static void rearmWrites(SelectionKey key, boolean pending) {
    try {
      if (pending && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    } catch (CancelledKeyException e) {
      // closed meanwhile: its queue is dropped
    }
  }

  /** Whether a read in this round happened with the key write-ready too, so this round also writes. */
  static boolean writesThisRound(SelectionKey key) {
    try {
      return key.isValid() && (key.readyOps() & SelectionKey.OP_WRITE) != 0;
    } catch (CancelledKeyException e) {
      return false; // closed meanwhile: nothing to send
    }
  }

  @Override
  public boolean isNeedWrite() {
    return unfinished != null;
  }

  @Override
  public void writeMore() throws IOException {
    count(channel.write(unfinished));
    if (!unfinished.hasRemaining()) {
      unfinished = null;
    }
  }

  @Override
  public boolean isBlocking() {
    return channel.isBlocking();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
