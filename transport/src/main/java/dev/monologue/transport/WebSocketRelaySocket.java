package dev.monologue.transport;

import dev.monologue.wire.Handshake;
import dev.monologue.wire.Limits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RelaySocket} over Java-WebSocket's client; the only class that touches Java-WebSocket. A message over
 * {@value #MAX_FRAME_BYTES} bytes goes out as fragments of at most that size, API Gateway's frame limit.
 */
final class WebSocketRelaySocket implements RelaySocket {
  private static final Logger log = LoggerFactory.getLogger(WebSocketRelaySocket.class);
  static final String API_KEY_HEADER = Handshake.API_KEY_HEADER;
  /** API Gateway's limit for one WebSocket frame; a message may span several (128 KB in all). */
  static final int MAX_FRAME_BYTES = Limits.MAX_FRAME_BYTES;

  private final Client client;
  private final MaskedTextFrames frames = new MaskedTextFrames(MAX_FRAME_BYTES);
  /** The socket's one writer: this class's frames and every byte Java-WebSocket writes ({@link BoundedDraft}). */
  private final SocketWriter writer;

  /**
   * The most the relay may send in one message (all its fragments together) before the connection is closed
   * (1009): a delivered message is at most the relay's limit plus its envelope, so four times the limit messages
   * are held to is far beyond any honest frame, and bounds what a hostile or broken relay can make this client
   * buffer (Java-WebSocket would otherwise accept up to 2 GB).
   */
  static int incomingLimit(int maxMessageBytes) {
    return (int) Math.min(Integer.MAX_VALUE, 4L * Math.max(maxMessageBytes, Limits.MAX_MESSAGE_BYTES));
  }

  WebSocketRelaySocket(URI endpoint, String apiKey, Duration connectTimeout, int maxIncomingBytes, SSLContext tls,
      Listener listener) {
    Map<String, String> headers = new HashMap<>();
    if (apiKey != null) {
      headers.put(API_KEY_HEADER, apiKey);
    }
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    this.writer = new SocketWriter(this::output, this::writeFailed, r -> new Thread(r, "monologue-socket-writer"));
    this.client = new Client(endpoint, headers, timeoutMillis, maxIncomingBytes, listener, writer);
    client.setTcpNoDelay(true);
    if (tls != null && "wss".equalsIgnoreCase(endpoint.getScheme())) {
      // Java-WebSocket then makes its socket with this factory and connects it to the endpoint's host; without one
      // it wraps a plain socket with the JVM's default factory. Either way Client.onSetSSLParameters checks the host.
      client.setSocketFactory(tls.getSocketFactory());
    }
  }

  @Override
  public void connect() {
    client.connect();
  }

  /**
   * Encodes the message's frames once ({@link MaskedTextFrames}), all fragments in one array, and queues them for
   * the {@link SocketWriter}'s thread, unless a write under way takes them first. Never blocks.
   */
  @Override
  public void send(String text) {
    byte[] bytes = frames.encode(text);
    if (!client.isOpen()) {
      throw new IllegalStateException("the WebSocket to the relay is not open");
    }
    writer.enqueue(bytes);
  }

  /**
   * Writes on this thread (a thread with nothing else to do: a caller waiting for its reply, a handler thread with no
   * task queued behind it) unless another write is under way, in which case the frames wait and that writer takes
   * them too, in order, in one write: no hand-off to another thread (a wake-up per frame on each side of a call).
   * Only threads that may block come here; the socket's reader and the client's timer use {@link #send}. A failed
   * write drops the connection, which fails the calls that went out on it.
   */
  @Override
  public void sendOnCallerThread(String text) {
    if (HandlerThread.hasWorkWaiting()) {
      // A handler thread with more tasks queued hands the write on (the writer thread then works alongside it).
      send(text);
      return;
    }
    byte[] bytes = frames.encode(text);
    if (!client.isOpen()) {
      throw new IllegalStateException("the WebSocket to the relay is not open");
    }
    try {
      writer.writeHere(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("writing to the relay failed: " + e.getMessage(), e);
    }
  }

  private void writeFailed(IOException e) {
    client.closeConnection(CloseFrame.ABNORMAL_CLOSE, "writing to the relay failed: " + e);
  }

  /** The socket's stream, for the {@link SocketWriter}'s first write (after the socket connected). */
  private OutputStream output() throws IOException {
    Socket socket = client.getSocket();
    if (socket == null) {
      throw new IOException("no socket");
    }
    return socket.getOutputStream();
  }

  @Override
  public void abort(String reason) {
    client.closeConnection(CloseFrame.ABNORMAL_CLOSE, reason);
  }

  @Override
  public boolean isOpen() {
    return client.isOpen();
  }

  @Override
  public void close(Duration wait) {
    client.close(CloseFrame.NORMAL, "client closed");
    try {
      if (!client.closeLatch().await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        log.debug("The relay did not acknowledge the close within {} ms; dropping the connection", wait.toMillis());
        client.closeConnection(CloseFrame.ABNORMAL_CLOSE, "close not acknowledged");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.closeConnection(CloseFrame.ABNORMAL_CLOSE, "interrupted while closing");
    }
  }

  private static final class Client extends WebSocketClient {
    private final PeerWarnings warnings = new PeerWarnings(log);
    private final Listener listener;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private final SocketWriter writer;

    Client(URI endpoint, Map<String, String> headers, int connectTimeoutMillis, int maxIncomingBytes,
        Listener listener, SocketWriter writer) {
      super(endpoint, new BoundedDraft(maxIncomingBytes, writer), headers, connectTimeoutMillis);
      this.listener = listener;
      this.writer = writer;
    }

    java.util.concurrent.CountDownLatch closeLatch() {
      return closed;
    }

    /**
     * Checks that the relay's certificate is issued for the endpoint's host (RFC 2818 rules, as HTTPS does), and
     * runs the TLS handshake here, on the connecting thread. Java-WebSocket 1.6.0 sets the same algorithm by default;
     * set here so that no version's default can turn it off. The handshake runs here because otherwise it runs in
     * Java-WebSocket's writer thread while its reader thread fails too, and the reader's close could be reported
     * before the writer's error: the user would learn that the connection closed, not that the certificate was
     * refused. A failure here reaches {@link #onError} before the close.
     */
    @Override
    protected void onSetSSLParameters(SSLParameters parameters) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (getSocket() instanceof SSLSocket ssl) {
        ssl.setSSLParameters(parameters);
        try {
          ssl.startHandshake();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      listener.onOpen();
    }

    @Override
    public void onMessage(String message) {
      listener.onText(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      warnings.warn("Ignoring a binary frame of {} bytes from the relay: the protocol uses text frames only",
          bytes.remaining());
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      writer.close();
      try {
        listener.onClosed(code, reason, remote);
      } finally {
        closed.countDown();
      }
    }

    @Override
    public void onError(Exception ex) {
      listener.onError(ex);
    }
  }
}
