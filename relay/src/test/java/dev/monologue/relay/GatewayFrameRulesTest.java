package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.TestClient;
import dev.monologue.wire.Limits;
import java.util.concurrent.TimeUnit;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local relay, with its defaults, closes a connection as API Gateway does: 1009 for a single frame over 32 KB or
 * a message over 128 KB, 1003 for a binary frame, and sends no relay error frame; a message under the limit in
 * 32 KB fragments is delivered.
 */
class GatewayFrameRulesTest {
  private LocalRelay relay;

  @BeforeEach
  void start() {
    relay = LocalRelay.builder().build();
    relay.start();
  }

  @AfterEach
  void stop() {
    relay.close();
  }

  private static String sendmessage(String to, String token, int dataBytes) {
    return "{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"token\":\"" + token + "\",\"data\":\""
        + "x".repeat(dataBytes) + "\"}}";
  }

  /** The sender is closed with {@code code}, got no frame, and the target got nothing; others go on. */
  private void assertClosedWithoutAnswer(TestClient sender, TestClient target, int code) throws Exception {
    assertEquals(code, sender.closed.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS), sender.closeReason);
    assertTrue(sender.received.isEmpty(), "no relay error frame: " + sender.received);
    try (TestClient other = TestClient.connect(relay.endpoint())) {
      String otherId = other.id();
      other.send("{\"action\":\"sendmessage\",\"to\":\"" + target.id() + "\",\"payload\":{\"token\":\"after\"}}");
      assertEquals("{\"to\":\"" + target.id() + "\",\"from\":\"" + otherId + "\",\"payload\":{\"token\":\"after\"}}",
          target.next(), "the target received nothing before");
    }
  }

  @Test
  void aSingleFrameOverThirtyTwoKilobytesIsClosedWith1009() throws Exception {
    try (TestClient a = TestClient.connect(relay.endpoint()); TestClient b = TestClient.connect(relay.endpoint())) {
      String frame = sendmessage(b.id(), "big", 33 * 1024);
      assertTrue(frame.length() > Limits.MAX_FRAME_BYTES && frame.length() < Limits.MAX_MESSAGE_BYTES);
      a.send(frame);
      assertClosedWithoutAnswer(a, b, 1009);
    }
  }

  @Test
  void aClientStillSendingAfterItsRefusedFrameIsToldWhy() throws Exception {
    try (TestClient a = TestClient.connect(relay.endpoint()); TestClient b = TestClient.connect(relay.endpoint())) {
      a.id();
      a.send(sendmessage(b.id(), "big", 1024 * 1024)); // refused from its header, before its payload arrives
      try {
        for (int i = 0; i < 64; i++) {
          a.send(sendmessage(b.id(), "more" + i, 16 * 1024)); // dropped unread by the relay, then refused here
        }
      } catch (WebsocketNotConnectedException closing) {
        // the relay's close frame arrived: this client stops sending
      }
      assertClosedWithoutAnswer(a, b, 1009);
    }
  }

  @Test
  void aMessageOverOneHundredTwentyEightKilobytesInFragmentsIsClosedWith1009() throws Exception {
    try (TestClient a = TestClient.connect(relay.endpoint()); TestClient b = TestClient.connect(relay.endpoint())) {
      a.sendFragmented(sendmessage(b.id(), "huge", 130 * 1024), Limits.MAX_FRAME_BYTES);
      assertClosedWithoutAnswer(a, b, 1009);
    }
  }

  @Test
  void aBinaryFrameIsClosedWith1003() throws Exception {
    try (TestClient a = TestClient.connect(relay.endpoint()); TestClient b = TestClient.connect(relay.endpoint())) {
      a.id();
      a.send(new byte[] {'{', '}'});
      assertClosedWithoutAnswer(a, b, 1003);
    }
  }

  @Test
  void aHundredKilobyteMessageInThirtyTwoKilobyteFragmentsIsDelivered() throws Exception {
    try (TestClient a = TestClient.connect(relay.endpoint()); TestClient b = TestClient.connect(relay.endpoint())) {
      String aId = a.id();
      String bId = b.id();
      a.sendFragmented(sendmessage(bId, "fits", 100 * 1024), Limits.MAX_FRAME_BYTES);
      String delivered = b.next();
      assertTrue(delivered.startsWith("{\"to\":\"" + bId + "\",\"from\":\"" + aId + "\",\"payload\":{\"token\":\"fits\""),
          delivered.substring(0, 100));
      assertTrue(delivered.endsWith("\"data\":\"" + "x".repeat(100 * 1024) + "\"}}"), "delivered whole");
      a.sendFragmented(sendmessage(bId, "again", 127 * 1024), Limits.MAX_FRAME_BYTES);
      assertTrue(b.next().contains("\"token\":\"again\""), "a message just under the limit crosses too");
      assertTrue(a.isOpen());
    }
  }
}
