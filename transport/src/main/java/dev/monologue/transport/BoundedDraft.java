package dev.monologue.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;

/**
 * RFC 6455 with a bound on one message, its fragments counted as they arrive. Why: Java-WebSocket checks its size
 * limit on a single frame and on the first and last fragment of a message, but not on the fragments in between, so
 * a relay that never sends the last one could make it buffer without end. Over the bound the connection is closed
 * with 1009.
 */
final class BoundedDraft extends Draft_6455 {
  /** Bytes of the fragmented message being received; only the socket's reader thread touches it. */
  private long fragmentBytes;
  /** A fragmented message has begun and not ended; only the socket's reader thread touches it. */
  private boolean inMessage;

  BoundedDraft(int maxMessageBytes) {
    super(Collections.emptyList(), maxMessageBytes);
  }

  @Override
  public void processFrame(WebSocketImpl socket, Framedata frame) throws InvalidDataException {
    Opcode opcode = frame.getOpcode();
    if (opcode == Opcode.TEXT && frame.isFin() && !inMessage) {
      deliverText(socket, frame.getPayloadData());
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
   * A whole text message in one frame, as nearly every message is. Java-WebSocket has checked that its payload is
   * valid UTF-8 when it read the frame ({@code TextFrame.isValid}), and would decode it again with a strict decoder
   * (a decoder, a char buffer and a copy per message): a plain decode gives the same string.
   */
  private static void deliverText(WebSocketImpl socket, ByteBuffer payload) {
    String text = new String(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining(),
        StandardCharsets.UTF_8);
    try {
      socket.getWebSocketListener().onWebsocketMessage(socket, text);
    } catch (RuntimeException e) {
      socket.getWebSocketListener().onWebsocketError(socket, e);
    }
  }

  @Override
  public Draft copyInstance() {
    return new BoundedDraft(getMaxFrameSize());
  }
}
