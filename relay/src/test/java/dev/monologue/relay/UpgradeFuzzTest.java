package dev.monologue.relay;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes the local relay's HTTP upgrade with raw request bytes over a real socket: whatever arrives (a partial
 * head, a header too long, a missing key, a wrong version, frames after the head), the relay answers or closes,
 * never hangs on it, and still answers a well-formed client ({@link FuzzedRelay#assertStillServes}).
 */
class UpgradeFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void anyUpgradeRequest(byte[] input) throws Exception {
    FuzzedRelay relay = FuzzedRelay.get();
    RawClient socket = RawClient.connectRaw(relay.relay.endpoint());
    try {
      socket.writeRaw(input);
    } catch (IOException closedMidway) {
      // the relay refused the request before reading the rest: that is its right
    }
    relay.assertStillServes(socket, "an upgrade request of " + input.length + " bytes");
  }
}
