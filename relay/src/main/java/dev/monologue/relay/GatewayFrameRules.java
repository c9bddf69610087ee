package dev.monologue.relay;

import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;

/**
 * API Gateway's rules for what one connection's client sends: a binary frame closes the connection with 1003, a
 * single frame over the frame limit or a message over the message limit closes it with 1009, and no relay error
 * frame is sent, so code tested against a local relay meets no surprise on AWS. The fragments of a message are
 * counted as they arrive, so an oversized message is refused before it is buffered whole.
 */
final class GatewayFrameRules {
  private final int maxFrameBytes;
  private final int maxMessageBytes;
  /** Bytes of the message being received so far; only the connection's reader thread touches it. */
  private long messageBytes;

  GatewayFrameRules(int maxFrameBytes, int maxMessageBytes) {
    this.maxFrameBytes = maxFrameBytes;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Throws when {@code frame} breaks a rule; the socket then closes with the exception's close code. */
  void check(Framedata frame) throws LimitExceededException {
    Opcode opcode = frame.getOpcode();
    if (opcode == Opcode.BINARY) {
      throw new Refusal(CloseFrame.REFUSE, "binary frames are not supported; send JSON text frames");
    }
    if (opcode != Opcode.TEXT && opcode != Opcode.CONTINUOUS) {
      return; // control frames: the library bounds them at 125 bytes
    }
    int bytes = frame.getPayloadData().remaining();
    if (bytes > maxFrameBytes) {
      messageBytes = 0;
      throw new Refusal(CloseFrame.TOOBIG, "frame of " + bytes + " bytes is over " + maxFrameBytes
          + "; send longer messages as fragments");
    }
    messageBytes = (opcode == Opcode.TEXT ? 0 : messageBytes) + bytes;
    if (messageBytes > maxMessageBytes) {
      messageBytes = 0;
      throw new Refusal(CloseFrame.TOOBIG, "message is over the limit of " + maxMessageBytes + " bytes");
    }
    if (frame.isFin()) {
      messageBytes = 0;
    }
  }

  /**
   * A refusal with its own close code. Why a {@link LimitExceededException}: Java-WebSocket closes the connection
   * quietly with its code, where any other {@code InvalidDataException} is logged as an error with its stack trace
   * and reported to the server's {@code onError}, which would let a client fill the log.
   */
  private static final class Refusal extends LimitExceededException {
    private static final long serialVersionUID = 1L;
    private final int closeCode;

    Refusal(int closeCode, String reason) {
      super(reason, 0);
      this.closeCode = closeCode;
    }

    @Override
    public int getCloseCode() {
      return closeCode;
    }
  }
}
