package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;

/** The frames are read back by Java-WebSocket's own decoder, as a server reads them. */
class MaskedTextFramesTest {

  @Test
  void oneFrameAtEachLengthEncodingBoundary() throws Exception {
    MaskedTextFrames frames = new MaskedTextFrames(100_000);
    for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 70_000}) {
      String text = "x".repeat(length);
      byte[] bytes = frames.encode(text);
      assertEquals(MaskedTextFrames.headerLength(length) + length, bytes.length, "length " + length);
      assertTrue((bytes[1] & 0x80) != 0, "a client's frame is masked");
      List<Framedata> read = read(bytes);
      assertEquals(1, read.size(), "length " + length);
      assertEquals(Opcode.TEXT, read.get(0).getOpcode());
      assertTrue(read.get(0).isFin());
      assertEquals(text, text(read.get(0)));
    }
  }

  @Test
  void aLongMessageIsFragmentedWithoutCuttingACharacter() throws Exception {
    String text = "a€😀é".repeat(3_000); // 30,000 bytes
    MaskedTextFrames frames = new MaskedTextFrames(1_000);
    List<Framedata> read = read(frames.encode(text));
    assertTrue(read.size() >= 30, read.size() + " frames");
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < read.size(); i++) {
      Framedata f = read.get(i);
      assertEquals(i == 0 ? Opcode.TEXT : Opcode.CONTINUOUS, f.getOpcode(), "frame " + i);
      assertEquals(i == read.size() - 1, f.isFin(), "frame " + i);
      assertTrue(f.getPayloadData().remaining() <= 1_000, "frame " + i);
      String part = text(f);
      assertFalse(part.contains("\uFFFD"), "frame " + i + " splits a character");
      joined.append(part);
    }
    assertEquals(text, joined.toString());
  }

  @Test
  void eachFrameHasItsOwnMaskingKey() {
    MaskedTextFrames frames = new MaskedTextFrames(1_000);
    Set<Integer> keys = new HashSet<>();
    for (int i = 0; i < 3 * MaskedTextFrames.KEYS_PER_DRAW; i++) {
      keys.add(ByteBuffer.wrap(frames.encode("same text")).getInt(2));
    }
    // 192 keys of 32 random bits: a repeat is a one-in-ten-million event
    assertEquals(3 * MaskedTextFrames.KEYS_PER_DRAW, keys.size());
    assertNotEquals("same text", new String(frames.encode("same text"), 6, 9, StandardCharsets.UTF_8));
  }

  private static List<Framedata> read(byte[] bytes) throws Exception {
    return new Draft_6455().translateFrame(ByteBuffer.wrap(bytes));
  }

  private static String text(Framedata f) {
    ByteBuffer b = f.getPayloadData();
    return new String(b.array(), b.arrayOffset() + b.position(), b.remaining(), StandardCharsets.UTF_8);
  }
}
