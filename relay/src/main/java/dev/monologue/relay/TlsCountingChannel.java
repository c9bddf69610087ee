package dev.monologue.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;

/**
 * {@link CountingChannel}'s job for a connection over TLS: it wraps the {@link TlsChannel}, so it counts and writes
 * plaintext, and it keeps a queued frame from being stranded the same way. What differs is that the TLS channel may
 * also have reading (plaintext decrypted and not yet read) or writing (a handshake message, ciphertext the socket
 * did not take) of its own to finish: Java-WebSocket's selector learns of both through this channel's
 * {@link #isNeedRead} and {@link #isNeedWrite}. A class of its own so that the plain channel's path stays as it
 * was.
 */
final class TlsCountingChannel implements WrappedByteChannel, RelayChannel {
  private final TlsChannel tls;
  private final SelectionKey key;
  private final WebSocketImpl socket;
  /** Decodes reads on the selector thread; null when Java-WebSocket's decoder threads do. */
  private final SelectorDecoder decoder;
  /** Plaintext bytes written; written only by the selector thread, read by any. */
  private volatile long written;
  /** Plaintext bytes read, for the relay's metrics; written only by the selector thread, read by any. */
  private volatile long read;
  /** Whether a read happened in a round that writes this connection too; selector thread only. */
  private boolean recheckWrites;
  /** The rest of a frame {@link #writeFirst} began; written before the queue. Selector thread only. */
  private ByteBuffer unfinished;

  TlsCountingChannel(TlsChannel tls, SelectionKey key, WebSocketImpl socket, SelectorDecoder decoder) {
    this.tls = tls;
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

  @Override
  public boolean writeFirst(ByteBuffer frame) throws IOException {
    if (unfinished != null || tls.isNeedWrite() || socket.hasBufferedData()) {
      return false;
    }
    count(tls.write(frame));
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
    return count(tls.write(src));
  }

  private int count(int n) {
    if (n > 0) {
      written += n; // single writer
    }
    return n;
  }

  /**
   * With a {@link SelectorDecoder}, decodes what was read and then every plaintext record TLS still holds from the
   * same socket read, and returns 0 (or -1 at the end of the stream): the library pushes {@code dst} back to its
   * pool, and asks for no {@link #readMore} (it does so only after a read it queued).
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    int n = tls.read(dst);
    if (n > 0 && decoder != null) {
      while (n > 0) {
        read += n; // single writer
        dst.flip();
        decoder.decode(socket, dst);
        dst.clear();
        n = tls.isOpen() && tls.isNeedRead() ? tls.readMore(dst) : 0; // not past a close
      }
      return n < 0 ? -1 : 0;
    }
    if (n > 0) {
      read += n; // single writer
      recheckWrites = CountingChannel.writesThisRound(key);
    }
    return n;
  }

  @Override
  public boolean isNeedRead() {
    return recheckWrites || tls.isNeedRead();
  }

  /** After this round's writes: a queue left non-empty gets its write interest back; then what TLS holds is read. */
  @Override
  public int readMore(ByteBuffer dst) throws IOException {
    recheckWrites = false;
    CountingChannel.rearmWrites(key, unfinished != null || tls.isNeedWrite() || socket.hasBufferedData());
    int n = tls.isOpen() && tls.isNeedRead() ? tls.readMore(dst) : 0; // not past a close
    if (n > 0) {
      read += n;
    }
    return n;
  }

  @Override
  public boolean isNeedWrite() {
    return unfinished != null || tls.isNeedWrite();
  }

  @Override
  public void writeMore() throws IOException {
    tls.writeMore();
    if (unfinished != null && !tls.isNeedWrite()) {
      count(tls.write(unfinished));
      if (!unfinished.hasRemaining()) {
        unfinished = null;
      }
    }
  }

  @Override
  public boolean isBlocking() {
    return tls.isBlocking();
  }

  @Override
  public boolean isOpen() {
    return tls.isOpen();
  }

  @Override
  public void close() throws IOException {
    tls.close();
  }
}
