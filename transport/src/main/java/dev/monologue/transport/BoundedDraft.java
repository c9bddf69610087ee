package dev.monologue.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.FramedataImpl1;
import org.java_websocket.handshake.Handshakedata;

/**
 * RFC 6455 with a bound on one message, its fragments counted as they arrive. Why: Java-WebSocket checks its size
 * limit on a single frame and on the first and last fragment of a message, but not on the fragments in between, so
 * a relay that never sends the last one could make it buffer without end. Over the bound the connection is closed
 * with 1009.
 *
 * <p>It also hands every byte Java-WebSocket would write (the handshake request and the library's own frames: close,
 * ping, pong) to the connection's {@link SocketWriter} and gives the library nothing to queue, so that the writer is
 * the socket's one writer.
 */
final class BoundedDraft extends Draft_6455 {
  /** Bytes of the fragmented message being received; only the socket's reader thread touches it. */
  private long fragmentBytes;
  /** A fragmented message has begun and not ended; only the socket's reader thread touches it. */
  private boolean inMessage;
  private final WholeFrames wholeFrames;
  private final SocketWriter writer;

  BoundedDraft(int maxMessageBytes, SocketWriter writer) {
    super(Collections.emptyList(), maxMessageBytes);
    this.wholeFrames = new WholeFrames(maxMessageBytes);
    this.writer = writer;
  }

  /** The library's own frames go to the writer; the library is given an empty buffer to queue. */
  @Override
  public ByteBuffer createBinaryFrame(Framedata framedata) {
    writer.enqueue(bytes(super.createBinaryFrame(framedata)));
    return ByteBuffer.allocate(0);
  }

  /** The handshake request goes to the writer too; the library queues nothing. */
  @Override
  public List<ByteBuffer> createHandshake(Handshakedata handshakedata, boolean withcontent) {
    List<ByteBuffer> parts = super.createHandshake(handshakedata, withcontent);
    int size = 0;
    for (ByteBuffer b : parts) {
      size += b.remaining();
    }
    ByteBuffer all = ByteBuffer.allocate(size);
    for (ByteBuffer b : parts) {
      all.put(b);
    }
    writer.enqueue(all.array());
    return Collections.emptyList();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  /**
   * The frames of one read, cut by {@link WholeFrames}: a whole text message decoded there, every other frame parsed
   * by Java-WebSocket from its whole bytes.
   */
  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
    if (!buffer.hasArray()) {
      return super.translateFrame(buffer);
    }
    List<Framedata> frames = new ArrayList<>(4);
    wholeFrames.cut(buffer, new WholeFrames.Sink() {
      @Override
      public void text(String text) {
        frames.add(new WholeText(text));
      }

      @Override
      public void frame(ByteBuffer frame) throws InvalidDataException {
        frames.addAll(parse(frame));
      }
    });
    return frames;
  }

  private List<Framedata> parse(ByteBuffer frame) throws InvalidDataException {
    return super.translateFrame(frame);
  }

  @Override
  public void processFrame(WebSocketImpl socket, Framedata frame) throws InvalidDataException {
    if (frame instanceof WholeText) {
      deliverText(socket, ((WholeText) frame).text);
      return;
    }
    Opcode opcode = frame.getOpcode();
    if (opcode == Opcode.TEXT && frame.isFin() && !inMessage) {
      deliverText(socket, new String(frame.getPayloadData().array(), frame.getPayloadData().arrayOffset()
          + frame.getPayloadData().position(), frame.getPayloadData().remaining(), StandardCharsets.UTF_8));
      return;
    }
    boolean starts = !frame.isFin() && (opcode == Opcode.TEXT || opcode == Opcode.BINARY);
    if (starts) {
      inMessage = true;
    } else if (opcode == Opcode.CONTINUOUS && frame.isFin()) {
      inMessage = false;
    }
    if (starts || opcode == Opcode.CONTINUOUS) {
      fragmentBytes = (starts ? 0 : fragmentBytes) + frame.getPayloadData().remaining();
      if (fragmentBytes > getMaxFrameSize()) {
        fragmentBytes = 0;
        throw new LimitExceededException("a message from the relay is over " + getMaxFrameSize() + " bytes",
            getMaxFrameSize());
      }
      if (frame.isFin()) {
        fragmentBytes = 0;
      }
    }
    super.processFrame(socket, frame);
  }

  /**
   * A whole text message in one frame, as nearly every message is: decoded by {@link WholeFrames}, or, where
   * Java-WebSocket parsed the frame, checked by it as valid UTF-8 ({@code TextFrame.isValid}) so that a plain decode
   * gives the same string its strict decoder would (without a decoder, a char buffer and a copy per message).
   */
  private static void deliverText(WebSocketImpl socket, String text) {
    try {
      socket.getWebSocketListener().onWebsocketMessage(socket, text);
    } catch (RuntimeException e) {
      socket.getWebSocketListener().onWebsocketError(socket, e);
    }
  }

  /** A whole text message {@link WholeFrames} decoded; never written or passed to the library. */
  private static final class WholeText extends FramedataImpl1 {
    final String text;

    WholeText(String text) {
      super(Opcode.TEXT);
      this.text = text;
    }

    @Override
    public void isValid() {}
  }

  @Override
  public Draft copyInstance() {
    return new BoundedDraft(getMaxFrameSize(), writer);
  }
}
