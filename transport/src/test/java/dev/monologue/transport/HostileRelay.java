package dev.monologue.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
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
      String head = readHead(in);
      Matcher key = KEY.matcher(head);
      if (!key.find()) {
        return;
      }
      String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
          (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Matcher token = TOKEN.matcher(readFrame(in));
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
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(first);
    if (payload.length < 126) {
      header.write(payload.length);
    } else if (payload.length < 65536) {
      header.write(126);
      header.write(payload.length >> 8);
      header.write(payload.length);
    } else {
      header.write(127);
      for (int i = 7; i >= 0; i--) {
        header.write((int) ((long) payload.length >> (8 * i)));
      }
    }
    out.write(header.toByteArray());
    out.write(payload);
    out.flush();
    sent.addAndGet(header.size() + payload.length);
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0 || head.length() > 16_384) {
        throw new IOException("no handshake");
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Reads one masked client frame (the client's whoami) and returns its text. */
  private static String readFrame(InputStream in) throws IOException {
    in.read();
    int len = in.read() & 0x7f;
    if (len == 126) {
      len = (in.read() << 8) | in.read();
    } else if (len == 127) {
      throw new IOException("a whoami is small");
    }
    byte[] mask = in.readNBytes(4);
    byte[] payload = in.readNBytes(len);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i % 4];
    }
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
