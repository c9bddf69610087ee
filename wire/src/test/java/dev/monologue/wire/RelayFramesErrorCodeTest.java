package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RelayFramesErrorCodeTest {
  private static final String ID = "AbCdEfGhIjKlMnOpQrStUv";

  @Test
  void readsTheCodeOfEveryErrorFrameTheRelayWrites() {
    for (ErrorCode code : ErrorCode.values()) {
      assertEquals(code, RelayFrames.errorCodeOf(ID, RelayFrames.error(ID, "t-1", code, "what happened")));
      assertEquals(code, RelayFrames.errorCodeOf(ID, RelayFrames.error(ID, null, code, "no token")));
    }
  }

  @Test
  void aTokenThatLooksLikeAnErrorFieldDoesNotFoolIt() {
    String frame = RelayFrames.error(ID, "\"error\":{\"code\":\"THROTTLED\"", ErrorCode.PEER_GONE, "m");
    assertEquals(ErrorCode.PEER_GONE, RelayFrames.errorCodeOf(ID, frame));
  }

  @Test
  void otherFramesHaveNoCode() {
    // a client's reply that carries an error of its own is no relay error
    assertNull(RelayFrames.errorCodeOf(ID, RelayFrames.deliver(ID, "OtherConnectionId00000",
        "{\"type\":\"ERR\",\"error\":{\"code\":\"PEER_GONE\"}}")));
    assertNull(RelayFrames.errorCodeOf(ID, RelayFrames.deliver(ID, "OtherConnectionId00000",
        "{\"type\":\"REQ\"}")));
    assertNull(RelayFrames.errorCodeOf("SomeoneElse", RelayFrames.error(ID, null, ErrorCode.PEER_GONE, "m")));
    assertNull(RelayFrames.errorCodeOf(ID, ID));
  }
}
