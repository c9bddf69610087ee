package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.monologue.testsupport.Rfc6455;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frame rules on raw bytes: they find frame boundaries however the stream is split into reads, pass allowed
 * frames byte for byte, and after a refusal drop data frames but pass control frames.
 */
class GatewayFrameRulesStreamTest {
  private static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  private static final int BINARY = 0x2;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;

  private static final byte[] KEY = {1, 2, 3, 4};

  /** A masked client frame with {@code payloadBytes} bytes of payload ('x's). */
  private static byte[] frame(int opcode, boolean fin, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'x');
    return Rfc6455.clientFrame((fin ? Rfc6455.FIN : 0) | opcode, payload, KEY);
  }

  /** The whole text frame of {@code payload}, masked with the key {@link #frame} uses. */
  private static byte[] masked(byte[] payload) {
    return Rfc6455.clientFrame(Rfc6455.FIN | TEXT, payload, KEY);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * What the parser would see, and the refusals in order, when {@code stream} arrives in reads of {@code read}. A
   * whole text message the rules decode themselves is written to {@link #passed} as the frame it came in (masked
   * with the key {@link #frame} uses), so that every frame can be compared byte for byte, and counted in
   * {@link #decoded}.
   */
  private static final class Run {
    final ByteArrayOutputStream passed = new ByteArrayOutputStream();
    final List<GatewayFrameRules.Refusal> refusals = new ArrayList<>();
    final List<String> decoded = new ArrayList<>();
    /** Bytes passed before the first refusal. */
    int passedBeforeRefusal = -1;

    Run(GatewayFrameRules rules, byte[] stream, int read) {
      for (int at = 0; at < stream.length; at += read) {
        ByteBuffer in = ByteBuffer.wrap(stream, at, Math.min(read, stream.length - at));
        while (in.hasRemaining()) {
          ByteBuffer[] out = new ByteBuffer[1];
          rules.filter(in, room -> out[0] == null ? (out[0] = ByteBuffer.allocate(room)) : out[0]);
          if (out[0] != null) {
            passed.write(out[0].array(), 0, out[0].position());
          }
          String text = rules.takeText();
          if (text != null) {
            decoded.add(text);
            passed.writeBytes(masked(text.getBytes(StandardCharsets.UTF_8)));
          }
          GatewayFrameRules.Refusal refusal = rules.takeRefusal();
          if (refusal != null) {
            if (refusals.isEmpty()) {
              passedBeforeRefusal = passed.size();
            }
            refusals.add(refusal);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 13, 1000, 1 << 20})
  void allowedFramesPassByteForByteHoweverTheStreamIsSplit(int read) {
    byte[] stream = concat(frame(TEXT, true, 0), frame(TEXT, true, 125), frame(TEXT, true, 126),
        frame(PING, true, 5), frame(TEXT, false, 65_535), frame(CONTINUATION, false, 65_536),
        frame(CONTINUATION, true, 3), frame(CLOSE, true, 2));
    Run run = new Run(new GatewayFrameRules(70_000, 140_000), stream, read);
    assertEquals(List.of(), run.refusals);
    assertArrayEquals(stream, run.passed.toByteArray());
    if (read >= 1000) {
      // Each of the first three frames, whole in the read, is decoded by the rules.
      assertEquals(List.of("", "x".repeat(125), "x".repeat(126)), run.decoded.subList(0, 3));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 4096})
  void aWholeTextMessageIsDecodedStrictlyAsUtf8(int read) {
    String text = "grüße, 世界 😀 " + "y".repeat(100);
    byte[] stream = concat(masked(text.getBytes(StandardCharsets.UTF_8)), masked("next".getBytes(StandardCharsets.UTF_8)));
    Run run = new Run(new GatewayFrameRules(32_768, 131_072), stream, read);
    assertEquals(List.of(), run.refusals);
    assertArrayEquals(stream, run.passed.toByteArray());
    if (read == 4096) {
      assertEquals(List.of(text, "next"), run.decoded);
    }
  }

  @Test
  void aWholeTextMessageThatIsNotUtf8IsRefusedWith1007() {
    byte[] bad = masked(new byte[] {'o', 'k', (byte) 0xC3, '('}); // 0xC3 must be followed by a continuation byte
    Run run = new Run(new GatewayFrameRules(32_768, 131_072), concat(bad, frame(TEXT, true, 3), frame(CLOSE, true, 2)),
        4096);
    assertEquals(List.of(new GatewayFrameRules.Refusal(1007, "text frame is not valid UTF-8")), run.refusals);
    assertEquals(List.of(), run.decoded);
    assertArrayEquals(frame(CLOSE, true, 2), run.passed.toByteArray());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 4096})
  void anOversizedFrameIsRefusedFromItsHeaderAndOnlyControlFramesFollow(int read) {
    byte[] before = frame(TEXT, true, 100);
    byte[] stream = concat(before, frame(TEXT, true, 40_000), frame(TEXT, true, 10), frame(PING, true, 4),
        frame(BINARY, true, 3), frame(CLOSE, true, 2));
    Run run = new Run(new GatewayFrameRules(32_768, 131_072), stream, read);
    assertEquals(List.of(new GatewayFrameRules.Refusal(1009,
        "frame of 40000 bytes is over 32768; send longer messages as fragments")), run.refusals);
    assertEquals(before.length, run.passedBeforeRefusal);
    assertArrayEquals(concat(before, frame(PING, true, 4), frame(CLOSE, true, 2)), run.passed.toByteArray());
  }

  @Test
  void aMessageIsRefusedAtTheFragmentThatCrossesTheLimit() {
    byte[] first = frame(TEXT, false, 30_000);
    byte[] second = frame(CONTINUATION, false, 30_000);
    byte[] stream = concat(first, second, frame(CONTINUATION, true, 30_000), frame(TEXT, true, 5));
    Run run = new Run(new GatewayFrameRules(32_768, 65_536), stream, 1000);
    assertEquals(List.of(new GatewayFrameRules.Refusal(1009, "message is over the limit of 65536 bytes")),
        run.refusals);
    assertArrayEquals(concat(first, second), run.passed.toByteArray());
  }

  @Test
  void aMessageUnderTheLimitLeavesTheCountForTheNext() {
    byte[] stream = concat(frame(TEXT, false, 30_000), frame(CONTINUATION, true, 30_000),
        frame(TEXT, false, 30_000), frame(CONTINUATION, true, 30_000));
    Run run = new Run(new GatewayFrameRules(32_768, 65_536), stream, 4096);
    assertEquals(List.of(), run.refusals);
    assertArrayEquals(stream, run.passed.toByteArray());
  }

  @Test
  void aBinaryFrameIsRefusedWith1003() {
    Run run = new Run(new GatewayFrameRules(32_768, 131_072), concat(frame(BINARY, true, 2), frame(CLOSE, true, 2)),
        3);
    assertEquals(1003, run.refusals.get(0).closeCode());
    assertEquals(1, run.refusals.size());
    assertArrayEquals(frame(CLOSE, true, 2), run.passed.toByteArray());
  }

  @Test
  void aLengthWithItsTopBitSetIsOverAnyLimit() {
    byte[] header = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
    GatewayFrameRules rules = new GatewayFrameRules(32_768, 131_072);
    Run run = new Run(rules, header, 14);
    assertEquals(1009, run.refusals.get(0).closeCode());
    assertNull(rules.takeRefusal(), "a refusal is reported once");
  }
}
