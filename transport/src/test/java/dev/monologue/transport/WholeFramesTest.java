package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.exceptions.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The relay's byte stream cut into whole frames however it is split into reads; whole text messages decoded. */
class WholeFramesTest {
  private static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  private static final int PING = 0x9;

  /** An unmasked server frame. */
  private static byte[] frame(int opcode, boolean fin, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length <= 0xFFFF) {
      out.write(126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xFF);
    } else {
      out.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >>> shift) & 0xFF);
      }
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] text(String s) {
    return frame(TEXT, true, s.getBytes(StandardCharsets.UTF_8));
  }

  /** What the sink received, re-encoded frame by frame (texts as the frame they came in), and the texts. */
  private static final class Run implements WholeFrames.Sink {
    final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    final List<String> texts = new ArrayList<>();
    final List<Integer> frameOpcodes = new ArrayList<>();

    @Override
    public void text(String text) {
      texts.add(text);
      stream.writeBytes(WholeFramesTest.text(text));
    }

    @Override
    public void frame(ByteBuffer frame) {
      frameOpcodes.add(frame.get(frame.position()) & 0x0F);
      byte[] bytes = new byte[frame.remaining()];
      frame.get(bytes);
      stream.writeBytes(bytes);
    }

    Run feed(byte[] stream, int read) throws InvalidDataException {
      WholeFrames frames = new WholeFrames(1 << 20);
      for (int at = 0; at < stream.length; at += read) {
        // As Java-WebSocket's client reads: into one array, reused, wrapped from its start.
        byte[] buffer = new byte[read];
        int n = Math.min(read, stream.length - at);
        System.arraycopy(stream, at, buffer, 0, n);
        ByteBuffer in = ByteBuffer.wrap(buffer, 0, n);
        frames.cut(in, this);
        assertEquals(0, in.remaining());
      }
      return this;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 13, 100, 16_384, 1 << 20})
  void framesComeOutWholeAndInOrderHoweverTheStreamIsSplit(int read) throws Exception {
    String big = "é".repeat(40_000); // 80,000 bytes: a 64-bit length
    byte[] stream = concat(text(""), text("x".repeat(125)), text("y".repeat(126)), frame(PING, true, new byte[3]),
        frame(TEXT, false, "part one ".getBytes(StandardCharsets.UTF_8)),
        frame(CONTINUATION, true, "and two".getBytes(StandardCharsets.UTF_8)), text(big), text("grüße 😀"),
        text("")); // last: a frame whose header ends a read and that has no payload is not held back

    Run run = new Run().feed(stream, read);
    assertArrayEquals(stream, run.stream.toByteArray());
    assertEquals(List.of("", "x".repeat(125), "y".repeat(126), big, "grüße 😀", ""), run.texts);
    assertEquals(List.of(PING, TEXT, CONTINUATION), run.frameOpcodes, "fragments and control frames go on whole");
  }

  @Test
  void aWholeTextFrameInsideAFragmentedMessageIsLeftToTheParser() throws Exception {
    byte[] stream = concat(frame(TEXT, false, new byte[] {'a'}), text("b"), frame(CONTINUATION, true, new byte[0]));
    Run run = new Run().feed(stream, 1000);
    assertEquals(List.of(), run.texts);
    assertEquals(List.of(TEXT, TEXT, CONTINUATION), run.frameOpcodes);
  }

  @Test
  void malformedUtf8IsRefusedWith1007() {
    byte[] stream = frame(TEXT, true, new byte[] {'o', 'k', (byte) 0xC3, '('});
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> new Run().feed(stream, 1000));
    assertEquals(1007, e.getCloseCode());
  }

  @Test
  void aFrameOverTheBoundGoesToTheParserAsItStands() throws Exception {
    byte[] stream = concat(text("fine"), frame(TEXT, true, new byte[2000]));
    WholeFrames frames = new WholeFrames(1000);
    Run run = new Run();
    frames.cut(ByteBuffer.wrap(stream), run);
    assertEquals(List.of("fine"), run.texts);
    assertEquals(List.of(TEXT), run.frameOpcodes);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
