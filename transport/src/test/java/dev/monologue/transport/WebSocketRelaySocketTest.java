package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WebSocketRelaySocketTest {

  @Test
  void fragmentsNeverSplitACharacterAndCoverEveryByte() {
    String text = "a€😀é".repeat(5_000);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder joined = new StringBuilder();
    int start = 0;
    int fragments = 0;
    while (start < bytes.length) {
      int end = MaskedTextFrames.fragmentEnd(bytes, start, 1000);
      assertTrue(end > start && end - start <= 1000, "fragment " + start + ".." + end);
      // Each fragment decodes on its own: no character was cut.
      String part = new String(Arrays.copyOfRange(bytes, start, end), StandardCharsets.UTF_8);
      assertTrue(!part.contains("\uFFFD"), "fragment " + fragments + " splits a character");
      joined.append(part);
      start = end;
      fragments++;
    }
    assertEquals(text, joined.toString());
    assertTrue(fragments >= bytes.length / 1000);
  }

  @Test
  void utf8LengthMatchesTheEncoder() {
    for (String s : new String[] {"", "abc", "é", "€", "😀", "a€😀é\u0000\u07FF\u0800"}) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, dev.monologue.wire.Utf8.length(s), s);
    }
  }
}
