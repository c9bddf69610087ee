package dev.monologue.relay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.java_websocket.framing.CloseFrame;

/**
 * API Gateway's rules for what one connection's client sends, applied to the raw bytes before the WebSocket parser
 * sees them: a binary frame is refused with 1003, a single frame over the frame limit or a message over the message
 * limit with 1009, and no relay error frame is sent, so code tested against a local relay meets no surprise on AWS.
 *
 * <p>The rules follow the stream's frame boundaries by reading only frame headers, so a frame is judged by its
 * header, before any of its payload is buffered, and the fragments of a message are counted as they arrive. After a
 * refusal the data frames that follow are dropped unparsed while control frames still pass: the client's answer to
 * the relay's close frame must reach the parser. The connection can then close only once the client has answered,
 * with nothing unread: a socket closed with unread bytes sends a TCP reset, which can discard the close frame
 * before a client still sending has read it, and that client would see 1006 instead of the reason.
 *
 * <p>A whole message in one text frame, as nearly every message is, is decoded here when its payload is in the
 * bytes at hand ({@link MaskedText}): unmasked eight bytes at a time and turned into a string in one pass, where
 * Java-WebSocket's parser unmasks byte by byte, validates the UTF-8 in a second pass and decodes it in a third.
 *
 * <p>The fragments of a message not yet whole are held by the parser until its last fragment: their bytes are taken
 * from the relay's {@link BufferBudget} as their headers pass, and given back when the message ends or the
 * connection closes ({@link #release}). A fragment that does not fit closes its connection with 1013: the relay
 * cannot hold it, and has no frame to answer but the close.
 *
 * <p>One instance per connection; only the connection's reader thread uses it, but {@link #release} may come from
 * any thread.
 */
final class GatewayFrameRules {
  private static final int OPCODE_CONTINUATION = 0x0;
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;
  private static final int FIRST_CONTROL_OPCODE = 0x8;
  /** FIN set, no extension bits, opcode text: a whole message in one frame. */
  private static final int WHOLE_TEXT = 0x81;
  private static final int MASKED = 0x80;
  /** Two fixed bytes, at most eight of extended length and four of mask key. */
  static final int MAX_HEADER_BYTES = 14;

  private final int maxFrameBytes;
  private final int maxMessageBytes;
  private final BufferBudget budget;
  /** Bytes of this connection's unfinished message taken from the budget. */
  private final AtomicLong held = new AtomicLong();
  private volatile boolean released;

  private final byte[] header = new byte[MAX_HEADER_BYTES];
  private int headerBytes;
  /** Payload bytes of the current frame not yet seen; the current frame's header is complete while this is > 0. */
  private long payloadLeft;
  /** Whether the current frame's bytes go to the parser. */
  private boolean passing;
  /** Bytes of the message being received so far. */
  private long messageBytes;
  /** Whether a fragmented data message has begun and not ended. */
  private boolean fragmented;
  private boolean refused;
  private Refusal newRefusal;
  private String newText;

  GatewayFrameRules(int maxFrameBytes, int maxMessageBytes) {
    this(maxFrameBytes, maxMessageBytes, BufferBudget.unlimited());
  }

  GatewayFrameRules(int maxFrameBytes, int maxMessageBytes, BufferBudget budget) {
    this.maxFrameBytes = maxFrameBytes;
    this.maxMessageBytes = maxMessageBytes;
    this.budget = budget;
  }

  /** The connection closed: what its unfinished message held goes back to the budget, and nothing more is taken. */
  void release() {
    released = true;
    budget.add(-held.getAndSet(0));
  }

  /** Bytes of an unfinished message held now; for tests. */
  long heldBytes() {
    return held.get();
  }

  /** Why a connection was refused: the close code and reason to send it. */
  record Refusal(int closeCode, String reason) {}

  /**
   * Copies into {@code out} the bytes of {@code in} that the parser may see, consuming {@code in}. Stops early,
   * just after the header of a frame it refuses, so that the caller can act on the refusal
   * ({@link #takeRefusal()}) before the frames that follow, and just after a whole text message it decoded itself
   * ({@link #takeText()}), so that the caller can hand the parser what came before it first. {@code out} is asked
   * for only when bytes pass, with the room they need: {@code in}'s remaining bytes plus
   * {@value #MAX_HEADER_BYTES}; the caller gives the same buffer until {@code in} is consumed.
   */
  void filter(ByteBuffer in, IntFunction<ByteBuffer> out) {
    while (in.hasRemaining()) {
      if (payloadLeft > 0) {
        int n = (int) Math.min(payloadLeft, in.remaining());
        if (passing) {
          ByteBuffer run = in.duplicate();
          run.limit(run.position() + n);
          out.apply(in.remaining() + MAX_HEADER_BYTES).put(run);
        }
        in.position(in.position() + n);
        payloadLeft -= n;
        continue;
      }
      header[headerBytes++] = in.get();
      if (headerBytes < 2 || headerBytes < headerLength()) {
        continue;
      }
      long payload = payloadLength();
      boolean wasFragmented = fragmented;
      passing = admit(header[0] & 0x0F, (header[0] & 0x80) != 0, payload);
      int length = headerBytes;
      headerBytes = 0;
      if (passing && !wasFragmented && (header[0] & 0xFF) == WHOLE_TEXT && (header[1] & MASKED) != 0
          && payload <= in.remaining()) {
        decodeText(in, (int) payload, length);
        return;
      }
      if (passing) {
        out.apply(in.remaining() + MAX_HEADER_BYTES).put(header, 0, length);
      }
      payloadLeft = payload;
      if (newRefusal != null) {
        return;
      }
    }
  }

  private void decodeText(ByteBuffer in, int payload, int headerLength) {
    int maskAt = headerLength - 4;
    int maskKey = (header[maskAt] & 0xFF) << 24 | (header[maskAt + 1] & 0xFF) << 16
        | (header[maskAt + 2] & 0xFF) << 8 | (header[maskAt + 3] & 0xFF);
    try {
      newText = MaskedText.decode(in, payload, maskKey);
    } catch (CharacterCodingException e) {
      refuse(CloseFrame.NO_UTF8, "text frame is not valid UTF-8");
    }
  }

  /** The whole text message {@link #filter} stopped at, decoded, once; null if none. */
  String takeText() {
    String t = newText;
    newText = null;
    return t;
  }

  /** The refusal {@link #filter} stopped at, once; null if none. */
  Refusal takeRefusal() {
    Refusal r = newRefusal;
    newRefusal = null;
    return r;
  }

  private boolean admit(int opcode, boolean fin, long payload) {
    if (opcode >= FIRST_CONTROL_OPCODE) {
      return true; // the parser bounds control frames at 125 bytes
    }
    if (refused) {
      return false;
    }
    if (opcode == OPCODE_BINARY) {
      return refuse(CloseFrame.REFUSE, "binary frames are not supported; send JSON text frames");
    }
    if (payload > maxFrameBytes) {
      return refuse(CloseFrame.TOOBIG, "frame of " + payload + " bytes is over " + maxFrameBytes
          + "; send longer messages as fragments");
    }
    if (opcode == OPCODE_TEXT) {
      messageBytes = 0;
      budget.add(-held.getAndSet(0)); // an unfinished message before it ends here (the parser refuses it)
    } else if (opcode != OPCODE_CONTINUATION) {
      return true; // a reserved opcode: the parser closes with a protocol error
    }
    fragmented = !fin;
    messageBytes += payload;
    if (messageBytes > maxMessageBytes) {
      return refuse(CloseFrame.TOOBIG, "message is over the limit of " + maxMessageBytes + " bytes");
    }
    if (fin) {
      messageBytes = 0;
      budget.add(-held.getAndSet(0)); // the parser hands the whole message on now
    } else if (!hold(payload)) {
      return refuse(CloseFrame.TRY_AGAIN_LATER, "the relay's memory for unfinished fragmented messages is spent;"
          + " send the message in one frame (up to " + maxFrameBytes + " bytes) or try again later");
    }
    return true;
  }

  private boolean hold(long payload) {
    if (!budget.tryTake(payload)) {
      return false;
    }
    held.addAndGet(payload);
    if (released) {
      budget.add(-held.getAndSet(0)); // closed meanwhile: release saw none of it or all of it, never part
    }
    return true;
  }

  private boolean refuse(int closeCode, String reason) {
    refused = true;
    newRefusal = new Refusal(closeCode, reason);
    return false;
  }

  private int headerLength() {
    int length7 = header[1] & 0x7F;
    int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    return 2 + extended + ((header[1] & 0x80) != 0 ? 4 : 0);
  }

  private long payloadLength() {
    int length7 = header[1] & 0x7F;
    if (length7 < 126) {
      return length7;
    }
    int bytes = length7 == 126 ? 2 : 8;
    long length = 0;
    for (int i = 0; i < bytes; i++) {
      length = (length << 8) | (header[2 + i] & 0xFF);
    }
    return length < 0 ? Long.MAX_VALUE : length; // a 64-bit length with its top bit set is invalid: over any limit
  }
}
