package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
