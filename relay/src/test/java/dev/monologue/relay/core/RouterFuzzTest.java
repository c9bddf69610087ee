package dev.monologue.relay.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link Router#onText} with scripts of frames from several connections ({@link RouterScript}), so that
 * names claimed and groups joined by earlier frames let later ones succeed: whatever arrives, the router never
 * throws, and every frame out is judged by its kind (a delivery, an ACK, a FANOUT report, an EVENT, a keep-alive
 * answer, an ERR) against what the frame asked. A plain build replays the inputs under
 * {@code RouterFuzzTestInputs/}; see docs/fuzzing.md to fuzz.
 */
class RouterFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void anyFrame(byte[] input) throws Exception {
    new RouterScript().run(new String(input, StandardCharsets.UTF_8));
  }
}
