package dev.monologue.transport;

import dev.monologue.wire.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;

/**
 * Cuts the relay's byte stream into whole frames, whatever the reads: a frame split between reads is kept here
 * until its last byte arrives. A whole text message in one frame (nearly every message) is turned into its string
 * here ({@link Utf8#decode}: ASCII without a second look, anything else strictly).
 * Every other frame goes on whole, as its bytes, to Java-WebSocket's parser, which so never holds part of a frame.
 *
 * <p>Why: Java-WebSocket's parser copies each frame's payload into a frame object, validates its UTF-8 in one pass
 * and decodes it in another; for a client reading a frame per call that was a fifth of its CPU.
 *
 * <p>One instance per connection; only the connection's reader thread uses it.
 */
final class WholeFrames {
  private static final int WHOLE_TEXT = 0x81;
  private static final int MASKED = 0x80;
  private static final int OPCODE_CONTINUATION = 0x0;
  private static final int FIRST_CONTROL_OPCODE = 0x8;
  private static final int MAX_HEADER_BYTES = 14;

  /** Where the frames go: texts decoded here, and every other frame's bytes. */
  interface Sink {
    void text(String text);

    void frame(ByteBuffer frame) throws InvalidDataException;
  }

  private final long maxFrameBytes;
  /** The start of a frame the last read did not finish; null at a frame boundary. */
  private ByteBuffer partial;
  /** Whether a fragmented message has begun and not ended, as far as the frames cut so far tell. */
  private boolean fragmented;

  WholeFrames(long maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Cuts {@code read} (a heap buffer) into frames for {@code sink}, consuming it. A frame whose header announces more
   * than the bound goes to the parser as it stands, which refuses it.
   */
  void cut(ByteBuffer read, Sink sink) throws InvalidDataException {
    if (partial != null && !finishPartial(read, sink)) {
      return;
    }
    while (read.hasRemaining()) {
      int start = read.position();
      long length = frameLength(read.array(), read.arrayOffset() + start, read.remaining());
      if (length > maxFrameBytes + MAX_HEADER_BYTES) {
        sink.frame(read); // over the bound: the parser refuses it
        return;
      }
      if (length < 0 || length > read.remaining()) {
        partial = ByteBuffer.allocate((int) Math.max(length, MAX_HEADER_BYTES)).put(read);
        return;
      }
      ByteBuffer frame = read.duplicate();
      frame.limit(start + (int) length);
      read.position(start + (int) length);
      emit(frame, sink);
    }
  }

  /** Tops {@link #partial} up from {@code read}; true once the frame was emitted. */
  private boolean finishPartial(ByteBuffer read, Sink sink) throws InvalidDataException {
    long length;
    while ((length = frameLength(partial.array(), 0, partial.position())) < 0) {
      if (!read.hasRemaining()) {
        return false;
      }
      partial.put(read.get()); // the header is not complete yet: it has room for the longest one
    }
    if (length > maxFrameBytes + MAX_HEADER_BYTES) {
      ByteBuffer head = partial.flip();
      partial = null;
      sink.frame(head);
      sink.frame(read);
      return false;
    }
    if (partial.capacity() < length) {
      partial = ByteBuffer.allocate((int) length).put(partial.flip());
    }
    int take = (int) Math.min(length - partial.position(), read.remaining());
    ByteBuffer run = read.duplicate();
    run.limit(run.position() + take);
    partial.put(run);
    read.position(read.position() + take);
    if (partial.position() < length) {
      return false; // the read ended first
    }
    ByteBuffer frame = partial.flip();
    partial = null;
    emit(frame, sink);
    return true;
  }

  private void emit(ByteBuffer frame, Sink sink) throws InvalidDataException {
    byte[] a = frame.array();
    int at = frame.arrayOffset() + frame.position();
    int first = a[at] & 0xFF;
    boolean wasFragmented = fragmented;
    int opcode = first & 0x0F;
    if (opcode < FIRST_CONTROL_OPCODE) {
      boolean fin = (first & 0x80) != 0;
      fragmented = opcode == OPCODE_CONTINUATION ? wasFragmented && !fin : !fin;
    }
    if (first == WHOLE_TEXT && (a[at + 1] & MASKED) == 0 && !wasFragmented) {
      int header = headerLength(a[at + 1]);
      sink.text(decode(a, at + header, frame.remaining() - header));
    } else {
      sink.frame(frame);
    }
  }

  /** A frame's whole length from its first {@code available} bytes at {@code at}; -1 if its header is not all there. */
  private static long frameLength(byte[] a, int at, int available) {
    if (available < 2) {
      return -1;
    }
    int header = headerLength(a[at + 1]);
    if (available < header) {
      return -1;
    }
    int length7 = a[at + 1] & 0x7F;
    long payload;
    if (length7 < 126) {
      payload = length7;
    } else if (length7 == 126) {
      payload = (a[at + 2] & 0xFF) << 8 | (a[at + 3] & 0xFF);
    } else {
      payload = 0;
      for (int i = 0; i < 8; i++) {
        payload = payload << 8 | (a[at + 2 + i] & 0xFF);
      }
      if (payload < 0 || payload > Integer.MAX_VALUE) {
        return Long.MAX_VALUE; // over any bound (a length with its top bit set is invalid too)
      }
    }
    return header + payload;
  }

  private static int headerLength(byte second) {
    int length7 = second & 0x7F;
    return 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((second & MASKED) != 0 ? 4 : 0);
  }

  private static String decode(byte[] a, int at, int length) throws InvalidDataException {
    try {
      return Utf8.decode(a, at, length);
    } catch (CharacterCodingException e) {
      throw new InvalidDataException(CloseFrame.NO_UTF8, "the relay sent a text frame that is not valid UTF-8");
    }
  }
}
