package dev.monologue.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * A connection's socket channel that counts the bytes written to it. With the bytes its {@link RefusingDraft}
 * encoded, this gives the bytes still waiting in the connection's outbound queue.
 */
final class CountingChannel implements ByteChannel {
  private final SocketChannel channel;
  /** Written only by the server's selector thread (the one thread that writes sockets), read by any. */
  private volatile long written;

  CountingChannel(SocketChannel channel) {
    this.channel = channel;
  }

  long writtenBytes() {
    return written;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = channel.write(src);
    if (n > 0) {
      written += n; // single writer: a plain read-add-write of a volatile is safe here
    }
    return n;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return channel.read(dst);
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
