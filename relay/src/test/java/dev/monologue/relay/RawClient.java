package dev.monologue.relay;

import dev.monologue.testsupport.Rfc6455;
import dev.monologue.testsupport.TestClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    c.out.write(Rfc6455.upgradeRequest(endpoint.getHost() + ":" + endpoint.getPort()));
    c.out.flush();
    String head = Rfc6455.readHead(c.in);
    if (!head.startsWith("HTTP/1.1 101")) {
      s.close();
      throw new AssertionError("handshake refused: " + head.lines().findFirst().orElse(head));
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

  /** Sends one masked text frame, as a client must. */
  void send(String text) throws IOException {
    sendFrame(Rfc6455.FIN | Rfc6455.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the first fragment of a text message (a text frame without FIN); the message stays unfinished. */
  void sendFirstFragment(String text) throws IOException {
    sendFrame(Rfc6455.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the last fragment of the message {@link #sendFirstFragment} began. */
  void sendLastFragment(String text) throws IOException {
    sendFrame(Rfc6455.FIN | Rfc6455.CONTINUATION, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends masked text frames in one write, so that the relay reads them together. */
  void sendTogether(List<String> texts) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (String text : texts) {
      all.writeBytes(Rfc6455.clientFrame(Rfc6455.FIN | Rfc6455.TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }
    out.write(all.toByteArray());
    out.flush();
  }

  /** Sends a text frame and a close frame with {@code code} in one write, so that the relay reads them together. */
  void sendThenClose(String text, int code) throws IOException {
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(Rfc6455.clientFrame(Rfc6455.FIN | Rfc6455.TEXT, text.getBytes(StandardCharsets.UTF_8)));
    both.writeBytes(Rfc6455.clientFrame(Rfc6455.FIN | Rfc6455.CLOSE, Rfc6455.closePayload(code)));
    out.write(both.toByteArray());
    out.flush();
  }

  /** Reads the next frame, which must be the relay's close frame; returns its code. */
  int nextClose() throws IOException {
    Rfc6455.Frame frame = Rfc6455.readFrame(in);
    if (frame.opcode() != Rfc6455.CLOSE) {
      throw new AssertionError("expected the relay's close frame, got opcode " + frame.opcode() + ": "
          + frame.text());
    }
    return frame.closeCode();
  }

  /**
   * Sends a close frame with {@code code} and reads up to the relay's close frame, the end of the close handshake;
   * returns that frame's code. Fails if any other frame arrives first.
   */
  int closeHandshake(int code) throws IOException {
    sendFrame(Rfc6455.FIN | Rfc6455.CLOSE, Rfc6455.closePayload(code));
    return nextClose();
  }

  private void sendFrame(int firstByte, byte[] payload) throws IOException {
    out.write(Rfc6455.clientFrame(firstByte, payload));
    out.flush();
  }

  /** Reads the next text frame (the relay sends them unfragmented and unmasked). */
  String next() throws IOException {
    Rfc6455.Frame frame = Rfc6455.readFrame(in);
    if (frame.opcode() != Rfc6455.TEXT) {
      throw new AssertionError("expected a text frame, got opcode " + frame.opcode());
    }
    return frame.text();
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
