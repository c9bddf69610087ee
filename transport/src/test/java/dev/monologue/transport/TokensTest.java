package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

  @Test
  void tokensAcrossManyDrawsAreDistinctAnd128BitBase64Url() {
    Tokens tokens = new Tokens();
    Set<String> seen = new HashSet<>();
    int n = Tokens.PER_DRAW * 10 + 7;
    for (int i = 0; i < n; i++) {
      String t = tokens.next();
      assertEquals(22, t.length(), t);
      assertTrue(t.matches("[A-Za-z0-9_-]{22}"), t);
      seen.add(t);
    }
    assertEquals(n, seen.size(), "every token is new");
  }
}
