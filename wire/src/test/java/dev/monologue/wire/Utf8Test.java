package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void lengthMatchesTheEncoder() {
    for (String s : List.of("", "ascii", "é", "€", "😀", "a😀b€é", "x".repeat(1000))) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s), s);
    }
  }

  @Test
  void aLoneSurrogateCountsThreeBytesAnUpperBound() {
    assertEquals(3, Utf8.length("\uD83D"));
    assertEquals(4, Utf8.length("\uDE00a"));
  }

  @Test
  void exceedsCountsOnlyWhenTheFrameMayBeTooLong() {
    assertFalse(Utf8.exceeds("€".repeat(10), 30), "30 bytes is not over 30");
    assertTrue(Utf8.exceeds("€".repeat(11), 30));
    assertFalse(Utf8.exceeds("a".repeat(30), 30));
    assertTrue(Utf8.exceeds("a".repeat(31), 30));
  }

  @Test
  void decodeIsStrictAndReadsOnlyItsRange() throws Exception {
    byte[] bytes = "xxgrüße 😀 ascii".getBytes(StandardCharsets.UTF_8);
    assertEquals("grüße 😀 ascii", Utf8.decode(bytes, 2, bytes.length - 2));
    assertEquals("ascii", Utf8.decode(bytes, bytes.length - 5, 5));
    assertEquals("", Utf8.decode(bytes, 0, 0));
    assertThrows(CharacterCodingException.class, () -> Utf8.decode(new byte[] {'o', (byte) 0xC3, '('}, 0, 3));
    assertThrows(CharacterCodingException.class, // a surrogate encoded on its own (CESU-8) is not UTF-8
        () -> Utf8.decode(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3));
  }
}
