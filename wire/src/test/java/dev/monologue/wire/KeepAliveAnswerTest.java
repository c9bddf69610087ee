package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class KeepAliveAnswerTest {
  @Test
  void theAnswerNamesItsConnection() {
    assertEquals("{\"type\":\"KEEPALIVE\",\"id\":\"Ab1Cd2Ef3Gh4Ij5=\",\"at\":1767225600000}",
        KeepAliveAnswer.write("Ab1Cd2Ef3Gh4Ij5=", 1767225600000L));
    assertEquals("Ab1Cd2Ef3Gh4Ij5=", KeepAliveAnswer.connectionId(KeepAliveAnswer.write("Ab1Cd2Ef3Gh4Ij5=", 0)));
    assertEquals("AAAAAAAAAAAAAAAAAAAAAA", KeepAliveAnswer.connectionId(KeepAliveAnswer.write("AAAAAAAAAAAAAAAAAAAAAA", 5)));
  }

  @Test
  void nothingElseIsTakenForOne() {
    assertNull(KeepAliveAnswer.connectionId("{\"to\":\"a\",\"from\":\"b\",\"payload\":{\"type\":\"KEEPALIVE\"}}"));
    assertNull(KeepAliveAnswer.connectionId("{\"type\":\"KEEPALIVE\",\"id\":\"a\"}"), "no time");
    assertNull(KeepAliveAnswer.connectionId("{\"type\":\"KEEPALIVE\",\"id\":\"a\\\"b\",\"at\":1}"), "not an ID");
    assertNull(KeepAliveAnswer.connectionId("{\"type\":\"KEEPALIVE\",\"id\":\"\",\"at\":1}"), "no ID");
    assertNull(KeepAliveAnswer.connectionId("{\"type\":\"KEEPALIVE\",\"id\":\"a\",\"at\":1} "), "trailing text");
    assertNull(KeepAliveAnswer.connectionId("{\"message\": \"Internal server error\"}"));
  }
}
