package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codes and their wire strings are the ones docs/protocol.md lists; changing one breaks every peer. */
class ErrorCodeTest {
  @Test
  void relayCodesAreTheDocumentedOnes() {
    assertEquals(List.of("PEER_GONE", "MALFORMED_FRAME", "UNKNOWN_ACTION", "FRAME_TOO_LARGE", "BINARY_NOT_SUPPORTED",
        "THROTTLED", "PEER_OVERLOADED", "PEER_BUSY", "DELIVERY_FAILED", "BAD_NAME", "NAME_TAKEN", "NAME_NOT_HELD",
        "NO_MEMBERS", "NAMES_UNAVAILABLE", "TAKEOVER_REFUSED", "NOT_PERMITTED"),
        wires(ErrorCode.Source.RELAY));
  }

  @Test
  void remoteCodesAreTheDocumentedOnes() {
    assertEquals(List.of("NO_SUCH_METHOD", "BAD_ARGUMENTS", "HANDLER_FAILED", "OVERLOADED"),
        wires(ErrorCode.Source.REMOTE));
  }

  @Test
  void fromWireReadsEveryCodeBackAndNothingElse() {
    for (ErrorCode code : ErrorCode.values()) {
      assertEquals(code, ErrorCode.fromWire(code.wire()));
    }
    assertNull(ErrorCode.fromWire("peer_gone"));
    assertNull(ErrorCode.fromWire(null));
  }

  private static List<String> wires(ErrorCode.Source source) {
    return Arrays.stream(ErrorCode.values()).filter(c -> c.source() == source).map(ErrorCode::wire).toList();
  }
}
