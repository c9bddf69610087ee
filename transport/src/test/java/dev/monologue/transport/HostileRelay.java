package dev.monologue.transport;

import dev.monologue.testsupport.Rfc6455;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay that speaks just enough WebSocket (RFC 6455, by hand) to answer a client's handshake and its first
 * {@code whoami}, then misbehaves as {@link Behaviour} says. Serves the first connection only; later ones are
 * closed at once.
 */
final class HostileRelay implements AutoCloseable {
  /** What the relay does once the client knows its ID; it gets the socket's output stream. */
  interface Behaviour {
    void run(OutputStream out, HostileRelay relay) throws IOException;
  }

  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
  private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: *(\\S+)", Pattern.CASE_INSENSITIVE);

  private final ServerSocket server;
  private final AtomicLong sent = new AtomicLong();
  /** Completes when the client's side of the first connection ends (end of stream or reset). */
  final CompletableFuture<Void> clientGone = new CompletableFuture<>();

  HostileRelay(Behaviour behaviour) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> serve(behaviour), "hostile-relay");
    t.setDaemon(true);
    t.start();
  }

  URI endpoint() {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort());
  }

  /** Bytes of frames written to the client so far. */
  long sentBytes() {
    return sent.get();
  }

  private void serve(Behaviour behaviour) {
    try (Socket s = server.accept()) {
      Thread rest = new Thread(this::refuseTheRest, "hostile-relay-refuse");
      rest.setDaemon(true);
      rest.start();
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head = Rfc6455.readHead(in);
      Matcher key = KEY.matcher(head);
      if (!key.find()) {
        return;
      }
      out.write(Rfc6455.upgradeResponse(key.group(1)));
      Matcher token = TOKEN.matcher(Rfc6455.readFrame(in).text()); // the client's whoami
      if (!token.find()) {
        return;
      }
      frame(out, 0x81, ("{\"to\":\"hostile\",\"from\":\"hostile\",\"payload\":{\"token\":\"" + token.group(1)
          + "\"}}").getBytes(StandardCharsets.UTF_8));
      Thread watch = new Thread(() -> watchClient(in), "hostile-relay-watch");
      watch.setDaemon(true);
      watch.start();
      behaviour.run(out, this);
    } catch (Exception e) {
      clientGone.complete(null); // a write failed: the client closed
    }
  }

  private void watchClient(InputStream in) {
    try {
      while (in.read() >= 0) {
        // the client's frames (keep-alives, its close) are read and dropped
      }
    } catch (IOException e) {
      // reset
    }
    clientGone.complete(null);
  }

  private void refuseTheRest() {
    while (!server.isClosed()) {
      try {
        server.accept().close();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Writes one unmasked frame; {@code first} holds FIN and the opcode. */
  void frame(OutputStream out, int first, byte[] payload) throws IOException {
    byte[] frame = Rfc6455.serverFrame(first, payload);
    out.write(frame);
    out.flush();
    sent.addAndGet(frame.length);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
