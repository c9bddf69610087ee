package dev.monologue.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.FramedataImpl1;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * RFC 6455 with API Gateway's rules for client frames ({@link GatewayFrameRules}), able to answer a handshake with
 * a plain HTTP error status, and counting the bytes it encodes.
 *
 * <p>Why: Java-WebSocket answers every refused handshake (an {@code InvalidDataException} thrown from
 * {@code onWebsocketHandshakeReceivedAsServer}) with "404 WebSocket Upgrade Failure", and always writes "101" for
 * an accepted one. To send 403 like API Gateway, the front returns a response whose HTTP status is 4xx; this
 * draft then writes that status instead of an upgrade. Java-WebSocket still considers the connection open for a
 * moment, so the front closes it in {@code onOpen} (after the response is flushed) without telling its backend.
 *
 * <p>The frame rules run on the raw bytes before the parser ({@link GatewayFrameRules}); a refusal reaches the
 * {@link Refusals} the front gave, in order with the frames before it, so that the front can close the connection
 * gracefully.
 *
 * <p>Each connection has its own copy ({@link #copyInstance()}), and every byte that enters the connection's
 * outbound queue was encoded by it: the handshake response and every frame, data or control. So the bytes it
 * encoded minus the bytes the {@link CountingChannel} wrote are exactly the bytes still queued.
 */
final class RefusingDraft extends Draft_6455 {
  private final AtomicLong encodedBytes = new AtomicLong();
  private final int maxFrameBytes;
  private final GatewayFrameRules rules;
  private final Refusals refusals;
  private final BufferBudget budget;

  /** Where a connection that broke a frame rule is reported; the front closes it. */
  interface Refusals {
    void refuse(WebSocketImpl socket, int closeCode, String reason);
  }

  /**
   * The library's own cap is the message limit, a second line behind {@link GatewayFrameRules}, which refuses an
   * oversized frame or message from its header before the library reads its payload.
   */
  RefusingDraft(int maxFrameBytes, int maxMessageBytes, Refusals refusals, BufferBudget budget) {
    super(Collections.emptyList(), maxMessageBytes);
    this.maxFrameBytes = maxFrameBytes;
    this.rules = new GatewayFrameRules(maxFrameBytes, maxMessageBytes, budget);
    this.refusals = refusals;
    this.budget = budget;
  }

  /**
   * Java-WebSocket resets a connection's draft as the connection closes (and as it flushes before closing): the
   * fragments the parser held are dropped, so their bytes go back to the budget.
   */
  @Override
  public void reset() {
    super.reset();
    rules.release();
  }

  static boolean isRefusal(Handshakedata response) {
    return response instanceof ServerHandshake && ((ServerHandshake) response).getHttpStatus() >= 400;
  }

  @Override
  public HandshakeBuilder postProcessHandshakeResponseAsServer(ClientHandshake request,
      ServerHandshakeBuilder response) throws InvalidHandshakeException {
    return isRefusal(response) ? response : super.postProcessHandshakeResponseAsServer(request, response);
  }

  /** The relay's budget, which this draft's copies take unfinished messages' bytes from. */
  BufferBudget budget() {
    return budget;
  }

  /** Bytes of the handshake response and frames this draft has encoded for its connection. */
  long encodedBytes() {
    return encodedBytes.get();
  }

  /**
   * Counts a frame the front encoded itself ({@link ServerTextFrames}) on its way to the connection's socket;
   * returns the bytes encoded in all, this frame's last included.
   */
  long countEncoded(int bytes) {
    return encodedBytes.addAndGet(bytes);
  }

  /**
   * A frame the front encoded itself ({@link ServerTextFrames}, counted then), handed to the connection through
   * {@code WebSocketImpl.sendFrame}: the library's own way into its outbound queue, which asks this draft to encode
   * it, and this draft gives the bytes back as they are.
   */
  static final class Encoded extends FramedataImpl1 {
    private final ByteBuffer bytes;

    Encoded(ByteBuffer bytes) {
      super(Opcode.TEXT);
      this.bytes = bytes;
    }

    @Override
    public void isValid() {}
  }

  @Override
  public ByteBuffer createBinaryFrame(Framedata framedata) {
    if (framedata instanceof Encoded encoded) {
      return encoded.bytes; // counted as the front encoded it
    }
    ByteBuffer frame = super.createBinaryFrame(framedata);
    encodedBytes.addAndGet(frame.remaining());
    return frame;
  }

  @Override
  public List<ByteBuffer> createHandshake(Handshakedata handshakedata, boolean withcontent) {
    List<ByteBuffer> buffers = createHandshakeUncounted(handshakedata, withcontent);
    long bytes = 0;
    for (ByteBuffer b : buffers) {
      bytes += b.remaining();
    }
    encodedBytes.addAndGet(bytes);
    return buffers;
  }

  private List<ByteBuffer> createHandshakeUncounted(Handshakedata handshakedata, boolean withcontent) {
    if (!isRefusal(handshakedata)) {
      return super.createHandshake(handshakedata, withcontent);
    }
    ServerHandshake response = (ServerHandshake) handshakedata;
    byte[] body = (response.getHttpStatusMessage() + "\n").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + response.getHttpStatus() + " " + reasonPhrase(response.getHttpStatus()) + "\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.allocate(headBytes.length + body.length);
    buffer.put(headBytes).put(body).flip();
    return Collections.singletonList(buffer);
  }

  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
    // The library reads the buffer through array() and position(): the bytes it may parse go to a heap buffer of
    // their own, made only when some do (a whole text message is decoded by the rules themselves).
    AllowedBytes allowed = new AllowedBytes();
    List<Framedata> frames = null;
    while (buffer.hasRemaining()) {
      rules.filter(buffer, allowed);
      List<Framedata> parsed = allowed.translate(this);
      String text = rules.takeText();
      GatewayFrameRules.Refusal refusal = rules.takeRefusal();
      if (frames == null && refusal == null && !buffer.hasRemaining()) {
        if (text == null) {
          return parsed; // one pass, nothing decoded here, nothing refused
        }
        if (parsed.isEmpty()) {
          return Collections.singletonList(RulesOutcome.text(text)); // the usual case: one read, one message
        }
      }
      if (frames == null) {
        frames = new ArrayList<>();
      }
      frames.addAll(parsed);
      if (text != null) {
        frames.add(RulesOutcome.text(text));
      }
      if (refusal != null) {
        frames.add(RulesOutcome.refused(refusal));
      }
    }
    return frames == null ? Collections.emptyList() : frames;
  }

  private List<Framedata> translateAllowed(ByteBuffer allowed) throws InvalidDataException {
    return super.translateFrame(allowed);
  }

  /** The heap buffer the rules copy allowed bytes into, made on first use and reused for one read. */
  private static final class AllowedBytes implements IntFunction<ByteBuffer> {
    private ByteBuffer buffer;

    @Override
    public ByteBuffer apply(int room) {
      if (buffer == null) {
        buffer = ByteBuffer.allocate(room);
      }
      return buffer;
    }

    /** What the library parses from the bytes copied since the last call. */
    List<Framedata> translate(RefusingDraft draft) throws InvalidDataException {
      if (buffer == null || buffer.position() == 0) {
        return Collections.emptyList();
      }
      buffer.flip();
      List<Framedata> parsed = draft.translateAllowed(buffer);
      buffer.clear();
      return parsed;
    }
  }

  @Override
  public void processFrame(WebSocketImpl socket, Framedata frame) throws InvalidDataException {
    if (!(frame instanceof RulesOutcome)) {
      super.processFrame(socket, frame);
      return;
    }
    RulesOutcome outcome = (RulesOutcome) frame;
    if (outcome.refusal != null) {
      refusals.refuse(socket, outcome.refusal.closeCode(), outcome.refusal.reason());
      return;
    }
    try { // as Java-WebSocket delivers a text message: a listener's exception is the connection's error
      socket.getWebSocketListener().onWebsocketMessage(socket, outcome.text);
    } catch (RuntimeException e) {
      socket.getWebSocketListener().onWebsocketError(socket, e);
    }
  }

  @Override
  public Draft copyInstance() {
    return new RefusingDraft(maxFrameBytes, getMaxFrameSize(), refusals, budget);
  }

  /**
   * Stands in the parsed frames for what the rules did themselves: a whole text message they decoded, or a frame
   * they refused. Never written or passed to the library.
   */
  private static final class RulesOutcome extends FramedataImpl1 {
    final String text;
    final GatewayFrameRules.Refusal refusal;

    private RulesOutcome(String text, GatewayFrameRules.Refusal refusal) {
      super(text != null ? Opcode.TEXT : Opcode.CLOSING);
      this.text = text;
      this.refusal = refusal;
    }

    static RulesOutcome text(String text) {
      return new RulesOutcome(text, null);
    }

    static RulesOutcome refused(GatewayFrameRules.Refusal refusal) {
      return new RulesOutcome(null, refusal);
    }

    @Override
    public void isValid() {}
  }

  private static String reasonPhrase(int status) {
    switch (status) {
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      default:
        return "Refused";
    }
  }
}
