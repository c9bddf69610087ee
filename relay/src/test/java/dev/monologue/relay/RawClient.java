package dev.monologue.relay;

import dev.monologue.testsupport.TestClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket client written by hand over a plain socket, so a test decides exactly when it reads: it can stop
 * reading altogether, as a stuck or malicious client would. Text frames only.
 */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = socket.getOutputStream();
  }

  /** Connects and completes the handshake; {@code receiveBuffer} bytes of kernel buffer, to fill it fast. */
  static RawClient connect(URI endpoint, int receiveBuffer) throws IOException {
    return connect(endpoint, receiveBuffer, null);
  }

  /** As {@link #connect(URI, int)}, over TLS trusted through {@code tls} when it is not null. */
  static RawClient connect(URI endpoint, int receiveBuffer, SSLContext tls) throws IOException {
    Socket plain = new Socket();
    plain.setReceiveBufferSize(receiveBuffer); // before connect, so the TCP window is negotiated small
    plain.setSoTimeout((int) TestClient.WAIT.toMillis());
    plain.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), (int) TestClient.WAIT.toMillis());
    Socket s = plain;
    if (tls != null) {
      SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, endpoint.getHost(), endpoint.getPort(),
          true);
      SSLParameters parameters = secure.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      secure.setSSLParameters(parameters);
      secure.startHandshake();
      s = secure;
    }
    RawClient c = new RawClient(s);
    c.out.write(("GET / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    c.out.flush();
    String status = c.line();
    if (!status.startsWith("HTTP/1.1 101")) {
      s.close();
      throw new AssertionError("handshake refused: " + status);
    }
    while (!c.line().isEmpty()) {
      // headers: not needed
    }
    return c;
  }

  /**
   * Connects without a handshake: whatever is written next ({@link #writeRaw}) is the request, as a fuzzer or a
   * hostile client writes it.
   */
  static RawClient connectRaw(URI endpoint) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout((int) TestClient.WAIT.toMillis());
    s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), (int) TestClient.WAIT.toMillis());
    return new RawClient(s);
  }

  /** Writes {@code bytes} as they are, framed or not, masked or not. */
  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Ends this side's output: the relay reads the end of the stream after what was written. */
  void endOutput() throws IOException {
    socket.shutdownOutput();
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int ch;
    while ((ch = in.read()) != '\n') {
      if (ch < 0) {
        throw new EOFException("connection closed during the handshake");
      }
      if (ch != '\r') {
        b.write(ch);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  /** Sends one masked text frame, as a client must. */
  void send(String text) throws IOException {
    sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the first fragment of a text message (a text frame without FIN); the message stays unfinished. */
  void sendFirstFragment(String text) throws IOException {
    sendFrame(0x01, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the last fragment of the message {@link #sendFirstFragment} began. */
  void sendLastFragment(String text) throws IOException {
    sendFrame(0x80, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends masked text frames in one write, so that the relay reads them together. */
  void sendTogether(List<String> texts) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (String text : texts) {
      all.writeBytes(frame(0x81, text.getBytes(StandardCharsets.UTF_8)));
    }
    out.write(all.toByteArray());
    out.flush();
  }

  /** Sends a text frame and a close frame with {@code code} in one write, so that the relay reads them together. */
  void sendThenClose(String text, int code) throws IOException {
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(frame(0x81, text.getBytes(StandardCharsets.UTF_8)));
    both.writeBytes(frame(0x88, new byte[] {(byte) (code >>> 8), (byte) code}));
    out.write(both.toByteArray());
    out.flush();
  }

  /** Reads the next frame, which must be the relay's close frame; returns its code. */
  int nextClose() throws IOException {
    int first = in.readUnsignedByte();
    byte[] payload = payload(in.readUnsignedByte());
    if ((first & 0x0f) != 8) {
      throw new AssertionError("expected the relay's close frame, got opcode " + (first & 0x0f) + ": "
          + new String(payload, StandardCharsets.UTF_8));
    }
    return payload.length < 2 ? 1005 : (payload[0] & 0xff) << 8 | (payload[1] & 0xff);
  }

  /**
   * Sends a close frame with {@code code} and reads up to the relay's close frame, the end of the close handshake;
   * returns that frame's code. Fails if any other frame arrives first.
   */
  int closeHandshake(int code) throws IOException {
    sendFrame(0x88, new byte[] {(byte) (code >>> 8), (byte) code});
    return nextClose();
  }

  private void sendFrame(int firstByte, byte[] payload) throws IOException {
    out.write(frame(firstByte, payload));
    out.flush();
  }

  private static byte[] frame(int firstByte, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(firstByte);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    return frame.toByteArray();
  }

  /** Reads the next text frame (the relay sends them unfragmented and unmasked). */
  String next() throws IOException {
    int first = in.readUnsignedByte();
    byte[] payload = payload(in.readUnsignedByte());
    if ((first & 0x0f) != 1) {
      throw new AssertionError("expected a text frame, got opcode " + (first & 0x0f));
    }
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** The payload of a frame whose second byte was {@code second} (unmasked, as the relay sends). */
  private byte[] payload(int second) throws IOException {
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return payload;
  }

  /** Reads and discards until the relay closes the connection; false when it stays open for {@link TestClient#WAIT}. */
  boolean drainUntilClosed() throws IOException {
    byte[] sink = new byte[64 * 1024];
    try {
      while (in.read(sink) >= 0) {
        // discard what the relay had queued before it dropped us
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset by the relay: closed too
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
