package dev.monologue.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketFrameLogTest {
  private static void frame(ByteArrayOutputStream out, int first, boolean masked, int length) {
    out.write(first);
    int mask = masked ? 0x80 : 0;
    if (length < 126) {
      out.write(mask | length);
    } else if (length < 65536) {
      out.write(mask | 126);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(mask | 127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) ((long) length >> (8 * i)));
      }
    }
    if (masked) {
      out.writeBytes(new byte[] {1, 2, 3, 4});
    }
    out.writeBytes(new byte[length]);
  }

  @Test
  void readsEachFramesOpcodeAndLengthAfterTheHttpHeadInAnyChunking() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    frame(out, 0x01, true, 5); // text, not final
    frame(out, 0x00, true, 32_768); // continuation, not final
    frame(out, 0x80, true, 70_000); // final continuation, 64-bit length
    frame(out, 0x81, false, 125);
    byte[] bytes = out.toByteArray();
    WebSocketFrameLog log = new WebSocketFrameLog(100);
    for (int i = 0; i < bytes.length; i += 7) { // chunks that split headers anywhere
      log.delivered(1, FaultProxy.Direction.TO_TARGET, bytes, i, Math.min(7, bytes.length - i));
    }
    List<WebSocketFrameLog.Frame> frames = log.frames(FaultProxy.Direction.TO_TARGET);
    assertEquals(List.of(
        new WebSocketFrameLog.Frame(1, FaultProxy.Direction.TO_TARGET, 1, false, 5),
        new WebSocketFrameLog.Frame(1, FaultProxy.Direction.TO_TARGET, 0, false, 32_768),
        new WebSocketFrameLog.Frame(1, FaultProxy.Direction.TO_TARGET, 0, true, 70_000),
        new WebSocketFrameLog.Frame(1, FaultProxy.Direction.TO_TARGET, 1, true, 125)), frames);
    assertEquals(List.of(), log.frames(FaultProxy.Direction.TO_CLIENT));
  }
}
