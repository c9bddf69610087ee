package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;

/** The exact bytes a client sends; the original JavaScript clients and the relay read them. */
class ClientFramesTest {
  private final ClientFrames frames = new ClientFrames(new JsonFactory());

  @Test
  void whoami() throws Exception {
    assertEquals("{\"action\":\"whoami\",\"payload\":{\"token\":\"abc\"}}", frames.whoami("abc"));
  }

  @Test
  void probes() {
    assertEquals("{\"action\":\"probe\",\"to\":\"p=\",\"payload\":{\"token\":\"t\"}}",
        frames.probe("p=", "t"));
    assertEquals("{\"action\":\"sendmessage\",\"to\":\"p=\",\"payload\":{\"type\":\"PONG\",\"token\":\"t\"}}",
        frames.pong("p=", "t"));
  }

  @Test
  void errors() {
    assertEquals("{\"action\":\"sendmessage\",\"to\":\"c\",\"payload\":{\"type\":\"ERR\",\"token\":\"t\",\"error\":"
        + "{\"code\":\"HANDLER_FAILED\",\"message\":\"boom \\\"q\\\"\",\"remoteType\":\"java.lang.X\"}}}",
        frames.error("c", "t", ErrorCode.HANDLER_FAILED, "boom \"q\"", "java.lang.X"));
    assertEquals("{\"action\":\"sendmessage\",\"to\":\"c\",\"payload\":{\"type\":\"ERR\",\"token\":\"t\",\"error\":"
        + "{\"code\":\"NO_SUCH_METHOD\",\"message\":null}}}",
        frames.error("c", "t", ErrorCode.NO_SUCH_METHOD, null, null));
  }
}
