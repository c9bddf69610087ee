package dev.monologue.relay;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import org.java_websocket.WrappedByteChannel;

/**
 * TLS over one accepted, non-blocking socket: the relay's selector thread reads and writes plaintext through it
 * ({@link TlsCountingChannel} wraps it, so counts and frame writes see plaintext), and it speaks TLS records to the
 * socket through an {@link SSLEngine}. The handshake runs on the selector thread as part of reads and writes, its
 * delegated tasks included (a few milliseconds per connection).
 *
 * <p>Why not Java-WebSocket's {@code SSLSocketChannel2}: in 1.6.0 its {@code writeMore} wraps the pending
 * ciphertext buffer as if it were plaintext, so a socket that once did not take a whole record gets garbage, and
 * its {@code write} returns ciphertext bytes, not the plaintext taken.
 *
 * <p>What {@link #write} promises, which is what keeps a frame from being stranded: a buffer is never reported
 * fully written while ciphertext made from it waits for the socket. Java-WebSocket's selector drops a connection's
 * write interest once its queue's last buffer reports nothing remaining; a TLS record still waiting then would stay
 * unsent until something else was written. So when the socket does not take the whole record made from a buffer's
 * last bytes, the buffer keeps one byte "remaining" (already encrypted: {@link #owed}) until that record is out.
 *
 * <p>Any thread may close a connection (the relay's timers, a stand-in's function threads), so every method
 * holds this channel's lock; only the selector thread reads and writes, so the lock is uncontended.
 */
final class TlsChannel implements WrappedByteChannel {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SocketChannel socket;
  private final SelectionKey key;
  private final SSLEngine engine;
  /** Ciphertext read from the socket and not yet decrypted; write mode. */
  private ByteBuffer netIn;
  /** Plaintext decrypted and not yet read; read mode. */
  private ByteBuffer appIn;
  /** Ciphertext made and not yet taken by the socket; read mode. */
  private ByteBuffer netOut;
  /** A buffer whose last byte is encrypted but reported as remaining until its record is written; or null. */
  private ByteBuffer owed;
  /** The last decryption stopped because {@link #appIn} was full: more may come without reading the socket. */
  private boolean moreToDecrypt;
  private boolean inboundClosed;

  TlsChannel(SocketChannel socket, SelectionKey key, SSLEngine engine) throws IOException {
    this.socket = socket;
    this.key = key;
    this.engine = engine;
    engine.setUseClientMode(false);
    int packet = engine.getSession().getPacketBufferSize();
    this.netIn = ByteBuffer.allocate(packet);
    this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    this.netOut = ByteBuffer.allocate(packet).flip();
    engine.beginHandshake();
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    if (appIn.hasRemaining()) {
      return transfer(dst);
    }
    int read = socket.read(netIn);
    int n = decrypt(dst);
    if (n > 0) {
      return n;
    }
    return read < 0 || inboundClosed ? -1 : 0;
  }

  @Override
  public synchronized boolean isNeedRead() {
    return appIn.hasRemaining() || moreToDecrypt;
  }

  @Override
  public synchronized int readMore(ByteBuffer dst) throws IOException {
    if (appIn.hasRemaining()) {
      return transfer(dst);
    }
    int n = decrypt(dst);
    return n == 0 && inboundClosed ? -1 : n;
  }

  /**
   * Encrypts and writes as much of {@code src} as the socket takes.
   *
   * @return the plaintext bytes written (for counting), which may include the last byte of an earlier buffer
   *     that was {@link #owed}
   */
  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    if (!flush()) {
      return 0;
    }
    int credit = 0;
    if (owed != null) {
      ByteBuffer done = owed;
      owed = null;
      done.position(done.limit()); // its record is out now
      credit = 1;
      if (done == src) {
        return credit;
      }
    }
    if (handshaking()) {
      continueHandshake();
      return credit; // application data waits for the handshake (Java-WebSocket writes none before it)
    }
    int start = src.position();
    while (src.hasRemaining()) {
      netOut.compact();
      SSLEngineResult result;
      try {
        result = engine.wrap(src, netOut);
      } finally {
        netOut.flip();
      }
      if (result.getStatus() == Status.CLOSED) {
        throw new EOFException("the TLS connection is closed for writing");
      }
      if (result.getStatus() == Status.BUFFER_OVERFLOW && !netOut.hasRemaining()) {
        netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip(); // the session's grew
        continue;
      }
      if (!flush() || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
        break;
      }
    }
    int written = src.position() - start;
    if (written > 0 && !src.hasRemaining() && netOut.hasRemaining()) {
      src.position(src.limit() - 1); // see the class comment: not done until its last record is out
      owed = src;
      written--;
    }
    return credit + written;
  }

  @Override
  public synchronized boolean isNeedWrite() {
    HandshakeStatus hs = engine.getHandshakeStatus();
    return netOut.hasRemaining() || hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.NEED_TASK;
  }

  @Override
  public synchronized void writeMore() throws IOException {
    if (flush()) {
      continueHandshake();
    }
  }

  @Override
  public boolean isBlocking() {
    return socket.isBlocking();
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  /** Sends close_notify if the socket takes it at once (a TCP close follows anyway), then closes the socket. */
  @Override
  public synchronized void close() throws IOException {
    try {
      engine.closeOutbound();
      if (socket.isOpen() && flush()) {
        netOut.compact();
        try {
          engine.wrap(EMPTY, netOut);
        } finally {
          netOut.flip();
        }
        flush();
      }
    } catch (IOException | RuntimeException e) {
      // the peer is gone or the engine failed: the socket closes all the same
    } finally {
      socket.close();
    }
  }

  /**
   * Decrypts what {@link #netIn} holds into {@link #appIn}, doing the handshake's steps on the way, and moves what
   * fits into {@code dst}.
   */
  private int decrypt(ByteBuffer dst) throws IOException {
    moreToDecrypt = false;
    while (true) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runTasks();
        continue;
      }
      if (hs == HandshakeStatus.NEED_WRAP) {
        if (!wrapHandshake()) {
          break; // the selector writes the rest when the socket takes it (isNeedWrite)
        }
        continue;
      }
      netIn.flip();
      appIn.compact();
      SSLEngineResult result;
      try {
        result = engine.unwrap(netIn, appIn);
      } finally {
        netIn.compact();
        appIn.flip();
      }
      Status status = result.getStatus();
      if (status == Status.CLOSED) {
        inboundClosed = true;
        break;
      }
      if (status == Status.BUFFER_UNDERFLOW) {
        if (netIn.position() == netIn.capacity()) {
          netIn = grow(netIn, engine.getSession().getPacketBufferSize());
          continue;
        }
        break; // a record's rest is still to come
      }
      if (status == Status.BUFFER_OVERFLOW) {
        if (!appIn.hasRemaining()) {
          appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
          continue;
        }
        moreToDecrypt = true; // dst takes what appIn holds first
        break;
      }
      if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
          && result.getHandshakeStatus() != HandshakeStatus.NEED_TASK
          && result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
        break; // no progress possible without more from the socket
      }
    }
    return transfer(dst);
  }

  private boolean handshaking() {
    HandshakeStatus hs = engine.getHandshakeStatus();
    return hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED;
  }

  /** Runs the handshake's tasks and sends what it has to send, as far as it goes without reading. */
  private void continueHandshake() throws IOException {
    while (true) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runTasks();
      } else if (hs != HandshakeStatus.NEED_WRAP || !wrapHandshake()) {
        return;
      }
    }
  }

  /** Wraps a handshake message and writes it; false when the socket did not take all of it (or none could be made). */
  private boolean wrapHandshake() throws IOException {
    if (!flush()) {
      wantWrite();
      return false;
    }
    netOut.compact();
    SSLEngineResult result;
    try {
      result = engine.wrap(EMPTY, netOut);
    } finally {
      netOut.flip();
    }
    if (result.getStatus() == Status.BUFFER_OVERFLOW && !netOut.hasRemaining()) {
      netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
      return true;
    }
    if (!flush()) {
      wantWrite();
      return false;
    }
    return result.getStatus() == Status.OK && result.bytesProduced() + result.bytesConsumed() > 0
        || result.getHandshakeStatus() == HandshakeStatus.NEED_TASK;
  }

  private void runTasks() {
    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
      task.run();
    }
  }

  /** Writes pending ciphertext; true when none is left. */
  private boolean flush() throws IOException {
    while (netOut.hasRemaining()) {
      if (socket.write(netOut) == 0) {
        return false;
      }
    }
    return true;
  }

  private void wantWrite() {
    try {
      if (key.isValid()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
      }
    } catch (CancelledKeyException e) {
      // closed meanwhile
    }
  }

  private int transfer(ByteBuffer dst) {
    int n = Math.min(appIn.remaining(), dst.remaining());
    if (n == appIn.remaining()) {
      dst.put(appIn);
    } else {
      int limit = appIn.limit();
      appIn.limit(appIn.position() + n);
      dst.put(appIn);
      appIn.limit(limit);
    }
    return n;
  }

  private static ByteBuffer grow(ByteBuffer writeMode, int atLeast) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, writeMode.capacity() * 2));
    writeMode.flip();
    bigger.put(writeMode);
    return bigger;
  }
}
