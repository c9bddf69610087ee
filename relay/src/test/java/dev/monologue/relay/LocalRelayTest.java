package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.TestClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalRelayTest {
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

  @Test
  void whoamiReturnsTheSendersIdAndThePayloadAsSent() throws Exception {
    try (TestClient c = TestClient.connect(relay.endpoint())) {
      c.send("{\"action\":\"whoami\",\"payload\":{ \"token\" : \"t1\", \"x\":[1, 2] }}");
      String reply = c.next();
      assertTrue(reply.matches("\\{\"to\":\"([A-Za-z0-9_-]{22})\",\"from\":\"\\1\","
          + "\"payload\":\\{ \"token\" : \"t1\", \"x\":\\[1, 2\\] }}"), reply);
      c.send("{\"action\":\"loopback\",\"payload\":{}}");
      String id = reply.substring(7, 29);
      assertEquals("{\"to\":\"" + id + "\",\"from\":\"" + id + "\",\"payload\":{}}", c.next());
    }
  }

  @Test
  void messageReachesTargetWithTheRealSender() throws Exception {
    try (TestClient a = TestClient.connect(relay.endpoint());
        TestClient b = TestClient.connect(relay.endpoint())) {
      String aId = a.id();
      String bId = b.id();
      assertNotEquals(aId, bId);
      a.send("{\"action\":\"sendmessage\",\"from\":\"" + bId + "\",\"to\":\"" + bId
          + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"k\",\"name\":\"n\",\"args\":[]}}");
      assertEquals("{\"to\":\"" + bId + "\",\"from\":\"" + aId
          + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"k\",\"name\":\"n\",\"args\":[]}}", b.next());
      assertEquals(2, relay.connectionCount());
    }
  }

  @Test
  void sendingToADisconnectedPeerGetsPeerGoneWithTheToken() throws Exception {
    try (TestClient a = TestClient.connect(relay.endpoint());
        TestClient b = TestClient.connect(relay.endpoint())) {
      String aId = a.id();
      String bId = b.id();
      assertTrue(relay.disconnect(bId));
      b.closed.get(5, TimeUnit.SECONDS);
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"tok1\"}}");
      assertEquals("{\"to\":\"" + aId + "\",\"from\":\"$relay\",\"payload\":{\"type\":\"ERR\",\"token\":\"tok1\","
          + "\"error\":{\"code\":\"PEER_GONE\",\"message\":\"connection '" + bId + "' is not connected\","
          + "\"source\":\"relay\"}}}", a.next());
      assertTrue(!relay.disconnect(bId));
    }
  }

  @Test
  void closeClosesClientConnections() throws Exception {
    TestClient c = TestClient.connect(relay.endpoint());
    c.id();
    relay.close();
    c.closed.get(5, TimeUnit.SECONDS);
    relay.close(); // idempotent
    assertThrows(IllegalStateException.class, relay::start);
  }
}
