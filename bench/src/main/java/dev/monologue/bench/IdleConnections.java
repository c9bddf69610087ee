package dev.monologue.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plain WebSocket connections that do what an idle Monologue client does: the upgrade handshake, one
 * {@code whoami} and its reply, then nothing. Bare NIO sockets, one file descriptor and no thread each, so that
 * ten thousand of them fit in one process.
 */
final class IdleConnections implements AutoCloseable {
  private static final byte[] WHOAMI =
      "{\"action\":\"whoami\",\"payload\":{\"token\":\"idle\"}}".getBytes(StandardCharsets.US_ASCII);

  private final List<SocketChannel> channels = new CopyOnWriteArrayList<>();

  int size() {
    return channels.size();
  }

  /** Opens one more connection; throws when the relay does not accept it or answer its whoami. Thread-safe. */
  void open(URI endpoint) throws IOException {
    SocketChannel ch = SocketChannel.open(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
    try {
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
      writeFully(ch, maskedText(WHOAMI));
      readFrame(ch);
      channels.add(ch);
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

  /** A client text frame: clients must mask (RFC 6455 5.3). */
  private static ByteBuffer maskedText(byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(2 + 4 + payload.length);
    b.put((byte) 0x81);
    b.put((byte) (0x80 | payload.length)); // payload.length < 126
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    b.put(mask);
    for (int i = 0; i < payload.length; i++) {
      b.put((byte) (payload[i] ^ mask[i & 3]));
    }
    return b.flip();
  }

  @Override
  public void close() {
    for (SocketChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException e) {
        // closing for good: nothing to do
      }
    }
    channels.clear();
  }
}
