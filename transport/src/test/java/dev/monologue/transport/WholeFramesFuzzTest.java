package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.java_websocket.exceptions.InvalidDataException;

/**
 * Fuzzes {@link WholeFrames} with any bytes from the relay, split into reads anywhere: it never fails but with
 * {@link InvalidDataException} (what Java-WebSocket turns into a close), and it cuts the same frames, in the same
 * order, however the bytes are split. The first two input bytes choose the read sizes. A plain build replays
 * {@code WholeFramesFuzzTestInputs/}; see docs/fuzzing.md.
 */
class WholeFramesFuzzTest {
  private static final int MAX_FRAME = 4096;

  @FuzzTest
  void anyBytesAnySplit(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int firstRead = 1 + (input[0] & 0xFF);
    int laterReads = 1 + (input[1] & 0x3F);
    byte[] stream = Arrays.copyOfRange(input, 2, input.length);
    List<String> whole = cut(stream, stream.length + 1, stream.length + 1);
    List<String> split = cut(stream, firstRead, laterReads);
    assertEquals(whole, split);
  }

  /** The payload length a frame's header announces (its header is whole in what the sink gets). */
  private static long announcedPayload(ByteBuffer frame) {
    int at = frame.position();
    int length7 = frame.get(at + 1) & 0x7F;
    if (length7 < 126) {
      return length7;
    }
    if (length7 == 126) {
      return frame.getShort(at + 2) & 0xFFFF;
    }
    long length = frame.getLong(at + 2);
    return length < 0 ? Long.MAX_VALUE : length;
  }

  /** What the sink received, as text, ending with the failure if there was one. */
  private static List<String> cut(byte[] stream, int firstRead, int laterReads) {
    List<String> out = new ArrayList<>();
    WholeFrames frames = new WholeFrames(MAX_FRAME);
    WholeFrames.Sink sink = new WholeFrames.Sink() {
      @Override
      public void text(String text) {
        out.add("text " + text);
      }

      @Override
      public void frame(ByteBuffer frame) throws InvalidDataException {
        if (announcedPayload(frame) > MAX_FRAME) {
          // What Java-WebSocket's parser does with it: LimitExceededException, and the connection closes.
          throw new InvalidDataException(1009, "frame over the bound");
        }
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        out.add("frame " + Arrays.toString(bytes));
      }
    };
    int at = 0;
    int read = firstRead;
    try {
      while (at < stream.length) {
        int n = Math.min(read, stream.length - at);
        byte[] buffer = new byte[Math.max(n, 1)];
        System.arraycopy(stream, at, buffer, 0, n);
        ByteBuffer in = ByteBuffer.wrap(buffer, 0, n);
        frames.cut(in, sink);
        at += n;
        read = laterReads;
      }
    } catch (InvalidDataException e) {
      out.add("invalid " + e.getCloseCode());
    }
    return out;
  }
}
