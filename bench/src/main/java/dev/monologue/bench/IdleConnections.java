package dev.monologue.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plain WebSocket connections that do what an idle Monologue client does: the upgrade handshake, one
 * {@code whoami} and its reply, then nothing but answering the relay's pings (a relay drops a connection that does
 * not). Bare NIO sockets, one file descriptor each and one thread for all, so that tens of thousands of them fit in
 * one process.
 */
final class IdleConnections implements AutoCloseable {
  private static final byte[] WHOAMI =
      "{\"action\":\"whoami\",\"payload\":{\"token\":\"idle\"}}".getBytes(StandardCharsets.US_ASCII);

  private final Queue<SocketChannel> channels = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Queue<SocketChannel> toWatch = new ConcurrentLinkedQueue<>();
  private final Selector selector;
  private final Thread pongs;
  private volatile boolean closed;

  IdleConnections() throws IOException {
    selector = Selector.open();
    pongs = new Thread(this::answerPings, "idle-connections-pongs");
    pongs.setDaemon(true);
    pongs.start();
  }

  int size() {
    return size.get();
  }

  /**
   * Opens one more connection from {@code source} (loopback offers about 28,000 ephemeral ports per pair of
   * addresses, so many connections need several); throws when the relay does not accept it or answer its whoami.
   * Thread-safe.
   */
  void open(URI endpoint, InetAddress source) throws IOException {
    SocketChannel ch = SocketChannel.open();
    try {
      ch.bind(new InetSocketAddress(source, 0));
      ch.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
      ch.socket().setTcpNoDelay(true);
      ch.socket().setSoTimeout(10_000);
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      String request = "GET / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
      writeFully(ch, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      String response = readHeaders(ch);
      if (!response.startsWith("HTTP/1.1 101")) {
        throw new IOException("handshake refused: " + response.lines().findFirst().orElse(response));
      }
      writeFully(ch, masked(0x81, WHOAMI));
      readFrame(ch);
      channels.add(ch);
      size.incrementAndGet();
      toWatch.add(ch);
      selector.wakeup();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static String readHeaders(SocketChannel ch) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    StringBuilder sb = new StringBuilder();
    while (!(sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n"))) {
      one.clear();
      if (ch.read(one) < 0) {
        throw new IOException("relay closed the connection during the handshake: " + sb);
      }
      sb.append((char) one.get(0));
    }
    return sb.toString();
  }

  /** Reads one unfragmented server frame (unmasked, under 64 KB) and drops it. */
  private static void readFrame(SocketChannel ch) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(2);
    readFully(ch, head);
    int len = head.get(1) & 0x7f;
    if (len == 126) {
      ByteBuffer ext = ByteBuffer.allocate(2);
      readFully(ch, ext);
      len = ext.getShort(0) & 0xffff;
    } else if (len == 127) {
      throw new IOException("unexpectedly long whoami reply");
    }
    readFully(ch, ByteBuffer.allocate(len));
  }

  private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new IOException("relay closed the connection");
      }
    }
  }

  /** A client frame of one fragment ({@code first} is FIN and the opcode): clients must mask (RFC 6455 5.3). */
  private static ByteBuffer masked(int first, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(2 + 4 + payload.length);
    b.put((byte) first);
    b.put((byte) (0x80 | payload.length)); // payload.length < 126
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    b.put(mask);
    for (int i = 0; i < payload.length; i++) {
      b.put((byte) (payload[i] ^ mask[i & 3]));
    }
    return b.flip();
  }

  /**
   * Answers every ping with a pong carrying its payload. What the relay sends an idle connection is only control
   * frames, each small and whole in one read; anything else is dropped.
   */
  private void answerPings() {
    ByteBuffer in = ByteBuffer.allocate(4096);
    try {
      while (!closed) {
        selector.select(1_000);
        for (SocketChannel ch; (ch = toWatch.poll()) != null; ) {
          ch.configureBlocking(false);
          ch.register(selector, SelectionKey.OP_READ);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          in.clear();
          int n;
          try {
            n = ch.read(in);
          } catch (IOException e) {
            n = -1;
          }
          if (n < 0) {
            key.cancel();
            continue;
          }
          in.flip();
          while (in.remaining() >= 2) {
            int opcode = in.get() & 0x0f;
            int length = in.get() & 0x7f;
            if (length > 125 || in.remaining() < length) {
              break;
            }
            byte[] payload = new byte[length];
            in.get(payload);
            if (opcode == 0x9) {
              ch.write(masked(0x8A, payload));
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        System.err.println("[memory] idle connections stopped answering pings: " + e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      pongs.join(5_000);
      selector.close();
    } catch (InterruptedException | IOException e) {
      // closing for good
    }
    for (SocketChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException e) {
        // closing for good: nothing to do
      }
    }
    channels.clear();
    size.set(0);
  }
}
