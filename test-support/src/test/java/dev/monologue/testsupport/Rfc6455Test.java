package dev.monologue.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The shared test codec against Java-WebSocket's, an independent implementation, at every length boundary. */
class Rfc6455Test {
  private static byte[] payload(int length) {
    byte[] p = new byte[length];
    for (int i = 0; i < length; i++) {
      p[i] = (byte) ('a' + i % 26);
    }
    return p;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 200_000})
  void clientFramesAreWhatJavaWebSocketReadsAndReadBackWhole(int length) throws Exception {
    byte[] payload = payload(length);
    byte[] frame = Rfc6455.clientFrame(Rfc6455.FIN | Rfc6455.TEXT, payload);
    Draft_6455 library = new Draft_6455(List.of(), Integer.MAX_VALUE);
    List<Framedata> parsed = library.translateFrame(ByteBuffer.wrap(frame));
    assertEquals(1, parsed.size());
    ByteBuffer data = parsed.get(0).getPayloadData();
    byte[] got = new byte[data.remaining()];
    data.get(got);
    assertArrayEquals(payload, got);
    Rfc6455.Frame back = Rfc6455.readFrame(new ByteArrayInputStream(frame));
    assertEquals(Rfc6455.TEXT, back.opcode());
    assertTrue(back.fin());
    assertArrayEquals(payload, back.payload());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536})
  void serverFramesAreUnmaskedAndReadBackWhole(int length) throws Exception {
    byte[] payload = payload(length);
    byte[] frame = Rfc6455.serverFrame(Rfc6455.TEXT, payload); // a first fragment: no FIN
    assertEquals(0, frame[1] & 0x80, "a server's frame is not masked");
    Rfc6455.Frame back = Rfc6455.readFrame(new ByteArrayInputStream(frame));
    assertEquals(false, back.fin());
    assertArrayEquals(payload, back.payload());
  }

  @Test
  void theAcceptKeyIsRfc6455sExample() {
    assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Rfc6455.acceptKey(Rfc6455.SAMPLE_KEY));
  }

  @Test
  void aHeadIsReadToItsBlankLineAndNoFurther() throws Exception {
    byte[] bytes = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"
        + "rest").getBytes(StandardCharsets.US_ASCII);
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    assertTrue(Rfc6455.readHead(in).endsWith("websocket\r\n\r\n"));
    assertEquals("rest", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
  }

  @Test
  void aCloseFramesCodeReadsBack() throws Exception {
    byte[] frame = Rfc6455.serverFrame(Rfc6455.FIN | Rfc6455.CLOSE, Rfc6455.closePayload(1008));
    assertEquals(1008, Rfc6455.readFrame(new ByteArrayInputStream(frame)).closeCode());
    assertEquals(1005, new Rfc6455.Frame(0x88, new byte[0]).closeCode());
    assertTrue(Arrays.equals(new byte[] {3, (byte) 0xf0}, Rfc6455.closePayload(1008)));
  }
}
