package dev.monologue.relay;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes the local relay's frame decoding with raw bytes sent after a well-formed handshake, over a real socket:
 * masked or not, fragmented, control frames, lengths of every width, invalid UTF-8, frames over the limits. Whatever
 * arrives, the relay reads it to its end, hands the backend no text over the message limit, never lets the router
 * throw, and still answers a well-formed client ({@link FuzzedRelay#assertStillServes}). Seeds under
 * {@code FrameBytesFuzzTestInputs/anyBytesAfterTheHandshake/} are masked with the key 0, so their payloads read as
 * plain text.
 */
class FrameBytesFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void anyBytesAfterTheHandshake(byte[] input) throws Exception {
    FuzzedRelay relay = FuzzedRelay.get();
    RawClient socket = RawClient.connect(relay.relay.endpoint(), 64 * 1024);
    try {
      socket.writeRaw(input);
    } catch (IOException closedMidway) {
      // the relay closed the connection on a bad frame before reading the rest: that is its right
    }
    relay.assertStillServes(socket, "frames of " + input.length + " bytes");
  }
}
