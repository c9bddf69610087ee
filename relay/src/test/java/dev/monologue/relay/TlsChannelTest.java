package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.Awaits;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsChannel}'s promise to the selector: a buffer never reports nothing remaining while ciphertext made
 * from it still waits for the socket (else Java-WebSocket drops the write interest and that ciphertext is stranded),
 * and every plaintext byte arrives once, in order, across a peer that stops reading and resumes.
 */
class TlsChannelTest {
  @Test
  void aBufferIsNotDoneWhileItsCiphertextWaitsAndEveryByteArrives() throws Exception {
    TestTls tls = new TestTls();
    try (ServerSocketChannel listener = ServerSocketChannel.open(); Selector selector = Selector.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      java.net.Socket plain = new java.net.Socket();
      plain.setReceiveBufferSize(4096);
      plain.connect(new InetSocketAddress("127.0.0.1", port));
      SocketChannel accepted = listener.accept();
      accepted.configureBlocking(false);
      accepted.socket().setSendBufferSize(4096);
      SelectionKey key = accepted.register(selector, SelectionKey.OP_READ);
      SSLEngine engine = tls.server.createSSLEngine();
      TlsChannel channel = new TlsChannel(accepted, key, engine);
      try (SSLSocket client = (SSLSocket) tls.client.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
        CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> {
          try {
            client.startHandshake();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        ByteBuffer sink = ByteBuffer.allocate(16 * 1024);
        long deadline = System.nanoTime() + Awaits.WAIT.toNanos();
        while (!handshake.isDone() || channel.isNeedWrite()
            || engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) { // the selector's part
          assertTrue(System.nanoTime() < deadline, "TLS handshake did not finish");
          channel.read(sink);
          channel.writeMore();
        }
        handshake.get(1, TimeUnit.SECONDS);

        // The client reads nothing yet: write buffers until the socket stops taking them.
        byte[] sent = new byte[3 * 1024 * 1024];
        for (int i = 0; i < sent.length; i++) {
          sent[i] = (byte) (i * 31 + i / 7);
        }
        int chunk = 40_000;
        int at = 0;
        boolean stalled = false;
        ByteBuffer current = null;
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
          byte[] all = new byte[sent.length];
          try {
            new DataInputStream(client.getInputStream()).readFully(all);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return all;
        });
        // The reader starts at once, but its 4 KB window makes the writer's side stall again and again.
        deadline = System.nanoTime() + Awaits.WAIT.toNanos() * 3;
        while (at < sent.length || current != null && current.hasRemaining() || channel.isNeedWrite()) {
          assertTrue(System.nanoTime() < deadline, "writing stalled at " + at);
          if (current == null || !current.hasRemaining()) {
            if (at < sent.length) {
              int n = Math.min(chunk, sent.length - at);
              current = ByteBuffer.wrap(sent, at, n);
              at += n;
            } else {
              current = null;
            }
          }
          if (current != null) {
            channel.write(current);
            // The promise: nothing remaining means nothing of it waits as ciphertext.
            if (!current.hasRemaining()) {
              assertFalse(channel.isNeedWrite(), "a buffer reported done while its ciphertext waits");
            } else {
              stalled = true;
              awaitWritable(selector, key);
            }
          } else {
            channel.writeMore();
            awaitWritable(selector, key);
          }
        }
        assertTrue(stalled, "the socket never stalled: the test did not exercise partial writes");
        assertArrayEquals(sent, received.get(Awaits.WAIT.toSeconds(), TimeUnit.SECONDS));
      } finally {
        channel.close();
      }
    }
  }

  /** Waits up to 100 ms for the socket to take more, as the selector would, instead of spinning. */
  private static void awaitWritable(Selector selector, SelectionKey key) throws java.io.IOException {
    key.interestOps(SelectionKey.OP_WRITE);
    selector.select(100);
    selector.selectedKeys().clear();
  }
}
