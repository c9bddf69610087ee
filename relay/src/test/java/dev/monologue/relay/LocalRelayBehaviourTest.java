package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.RecordingLogs;
import dev.monologue.testsupport.TestClient;
import dev.monologue.wire.LogKeys;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LocalRelayBehaviourTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String code(String frame) throws Exception {
    JsonNode node = MAPPER.readTree(frame);
    assertEquals("$relay", node.get("from").asText(), frame);
    return node.get("payload").get("error").get("code").asText();
  }

  /** The HTTP status the relay answers a handshake with, seen by the JDK's WebSocket client. */
  private static int handshakeStatus(LocalRelay relay, String apiKey) throws Exception {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (apiKey != null) {
      builder.header("x-api-key", apiKey);
    }
    try {
      WebSocket ws = builder.buildAsync(relay.endpoint(), new WebSocket.Listener() {})
          .get(5, TimeUnit.SECONDS);
      ws.abort();
      return 101;
    } catch (ExecutionException e) {
      WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
      return h.getResponse().statusCode();
    }
  }

  @Test
  void apiKeysAreCheckedAtTheHandshake() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().apiKeys(Set.of("k1", "second-key")).build()) {
      relay.start();
      assertFalse(relay.acceptsAnyClient());
      assertEquals(403, handshakeStatus(relay, null), "as API Gateway answers a missing key");
      assertEquals(403, handshakeStatus(relay, "wrong"));
      assertEquals(403, handshakeStatus(relay, "k"));
      assertEquals(101, handshakeStatus(relay, "second-key"));

      TestClient refused = TestClient.unconnected(relay.endpoint(), Map.of("x-api-key", "nope"));
      assertFalse(refused.connectBlocking(5, TimeUnit.SECONDS));
      refused.closed.get(5, TimeUnit.SECONDS);
      try (TestClient ok = TestClient.connect(relay.endpoint(), Map.of("x-api-key", "k1"))) {
        assertEquals(22, ok.id().length());
        assertEquals(1, relay.connectionCount());
      }
    }
  }

  @Test
  void malformedBurstGetsOneErrorEachAndTheRelayKeepsServing() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().maxMessageBytes(4096).build()) {
      relay.start();
      try (TestClient bad = TestClient.connect(relay.endpoint());
          TestClient good = TestClient.connect(relay.endpoint())) {
        List<String> frames = List.of("not json", "[1,2]", "{\"payload\":{}}", "{\"action\":5,\"payload\":{}}",
            "{\"action\":\"sendmessage\",\"payload\":{}}", "{\"action\":\"whoami\",\"payload\":3}",
            "\"" + "s".repeat(3000), "{\"action\":\"dance\",\"payload\":{}}", "{\"action\":\"whoami\",\"payload\":{}}x");
        for (String f : frames) {
          bad.send(f);
        }
        List<String> expected = List.of("MALFORMED_FRAME", "MALFORMED_FRAME", "MALFORMED_FRAME", "MALFORMED_FRAME",
            "MALFORMED_FRAME", "MALFORMED_FRAME", "MALFORMED_FRAME", "UNKNOWN_ACTION", "MALFORMED_FRAME");
        for (String e : expected) {
          assertEquals(e, code(bad.next()));
        }
        assertTrue(bad.received.isEmpty());
        String goodId = good.id();
        bad.send("{\"action\":\"sendmessage\",\"to\":\"" + goodId + "\",\"payload\":{\"still\":\"works\"}}");
        assertTrue(good.next().endsWith("\"payload\":{\"still\":\"works\"}}"));
        assertTrue(bad.isOpen());
      }
    }
  }

  @Test
  void bareWhoamiTextFrameIsAnsweredWithTheBareConnectionId() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().build()) {
      relay.start();
      try (TestClient c = TestClient.connect(relay.endpoint())) {
        String id = c.id();
        c.send("whoami");
        assertEquals(id, c.next());
        assertTrue(c.isOpen());
      }
    }
  }

  @Test
  void probeSaysWhetherAConnectionIsConnectedWithoutTouchingIt() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().build()) {
      relay.start();
      // b is a raw client: Java-WebSocket's closeBlocking() may return before its close frame was even sent.
      try (TestClient a = TestClient.connect(relay.endpoint()); RawClient b = RawClient.connect(relay.endpoint(),
          64 * 1024)) {
        String aId = a.id();
        b.send("{\"action\":\"whoami\",\"payload\":{}}");
        String bId = MAPPER.readTree(b.next()).get("to").asText();
        a.send("{\"action\":\"probe\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"p1\"}}");
        assertEquals("{\"to\":\"" + aId + "\",\"from\":\"$relay\",\"payload\":{\"type\":\"ACK\","
            + "\"token\":\"p1\",\"ret\":{\"connected\":true}}}", a.next());
        // The relay's close frame is the first b reads: the probe sent b nothing. Once the relay has answered b's
        // close, b is gone, though its socket may not be closed yet.
        assertEquals(1000, b.closeHandshake(1000));
        a.send("{\"action\":\"probe\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"p2\"}}");
        assertEquals("PEER_GONE", code(a.next()));
      }
    }
  }

  @Test
  void aSmallerMessageLimitClosesTheConnectionOverItWith1009() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().maxMessageBytes(1000).build()) {
      relay.start();
      try (TestClient c = TestClient.connect(relay.endpoint())) {
        c.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"fits\",\"x\":\"" + "x".repeat(900) + "\"}}");
        assertTrue(c.next().contains("\"token\":\"fits\""));
        c.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"big\",\"x\":\"" + "x".repeat(1500) + "\"}}");
        assertEquals(1009, c.closed.get(5, TimeUnit.SECONDS));
        assertTrue(c.received.isEmpty(), "no relay error frame: " + c.received);
      }
    }
  }

  @Test
  void gigantFrameClosesThatConnectionWith1009Only() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().maxMessageBytes(1000).build()) {
      relay.start();
      try (TestClient huge = TestClient.connect(relay.endpoint());
          TestClient other = TestClient.connect(relay.endpoint())) {
        huge.send("x".repeat(200_000));
        assertEquals(1009, huge.closed.get(5, TimeUnit.SECONDS));
        assertEquals(22, other.id().length());
      }
    }
  }

  @Test
  void twoRelaysOnPortZeroGetDifferentPorts() {
    try (LocalRelay a = LocalRelay.builder().build(); LocalRelay b = LocalRelay.builder().build()) {
      a.start();
      b.start();
      assertNotEquals(a.endpoint().getPort(), b.endpoint().getPort());
      assertTrue(a.endpoint().toString().startsWith("ws://127.0.0.1:"));
    }
  }

  @Test
  void aTakenPortFailsStartClearly() {
    try (LocalRelay a = LocalRelay.builder().build()) {
      a.start();
      try (LocalRelay b = LocalRelay.builder().port(a.port()).build()) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, b::start);
        assertTrue(e.getMessage().contains("could not listen on 127.0.0.1:" + a.port()), e.getMessage());
      }
    }
  }

  @Test
  void builderRejectsBadOptionsAndLifecycleMisuse() {
    assertThrows(IllegalArgumentException.class, () -> LocalRelay.builder().port(70000).build());
    assertThrows(IllegalArgumentException.class, () -> LocalRelay.builder().maxMessageBytes(0).build());
    assertThrows(IllegalArgumentException.class, () -> LocalRelay.builder().apiKeys(Set.of("")).build());
    try (LocalRelay r = LocalRelay.builder().build()) {
      assertThrows(IllegalStateException.class, r::endpoint);
      r.start();
      assertThrows(IllegalStateException.class, r::start);
    }
  }

  @Test
  void aCustomBackendReceivesTheEventsAndSendsThroughTheFront() throws Exception {
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (LocalRelay relay = LocalRelay.builder().backend(connections -> new RelayBackend() {
      @Override
      public void onConnect(String id, Map<String, String> headers) {
        events.add("connect " + headers.get("x-trace"));
      }

      @Override
      public void onText(String id, String frame) {
        if (frame.equals("boom")) {
          throw new IllegalStateException("backend failure must not hurt the server");
        }
        events.add("text " + frame + " open=" + connections.isOpen(id));
        connections.send(id, "echo:" + frame);
        if (frame.equals("bye")) {
          connections.close(id);
        }
      }

      @Override
      public void onDisconnect(String id) {
        events.add("disconnect " + connections.isOpen(id));
      }
    }).build()) {
      relay.start();
      try (TestClient c = TestClient.connect(relay.endpoint(), Map.of("X-Trace", "t-1"))) {
        assertEquals("connect t-1", events.poll(5, TimeUnit.SECONDS));
        c.send("boom");
        c.send("hi");
        assertEquals("echo:hi", c.next());
        assertEquals("text hi open=true", events.poll(5, TimeUnit.SECONDS));
        c.send("bye");
        assertEquals("echo:bye", c.next());
        c.closed.get(5, TimeUnit.SECONDS);
        assertEquals("text bye open=true", events.poll(5, TimeUnit.SECONDS));
        assertEquals("disconnect false", events.poll(5, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void linesAboutAConnectionCarryItsIdInTheMdc() throws Exception {
    assertTrue(RecordingLogs.bound(), "run with -Dslf4j.provider=" + RecordingLogs.class.getName()
        + " (relay/pom.xml sets it): slf4j-simple has no MDC");
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (LocalRelay relay = LocalRelay.builder().backend(connections -> new RelayBackend() {
      @Override
      public void onConnect(String id, Map<String, String> headers) {
        seen.add(id);
        seen.add("connect " + id.equals(MDC.get(LogKeys.CONNECTION_ID)));
      }

      @Override
      public void onText(String id, String frame) {
        seen.add("text " + id.equals(MDC.get(LogKeys.CONNECTION_ID)));
        if (frame.equals("boom")) {
          throw new IllegalStateException("a backend failure, which the front logs");
        }
        connections.close(id);
      }

      @Override
      public void onDisconnect(String id) {
        seen.add("disconnect " + id.equals(MDC.get(LogKeys.CONNECTION_ID)));
      }
    }).build()) {
      relay.start();
      try (TestClient c = TestClient.connect(relay.endpoint(), Map.of())) {
        c.send("boom");
        c.send("hi");
        c.closed.get(5, TimeUnit.SECONDS);
      }
      // the backend (the router, by default) runs inside the front's callbacks: whatever it logs is tagged
      String id = seen.poll(5, TimeUnit.SECONDS);
      assertEquals("connect true", seen.poll(5, TimeUnit.SECONDS));
      assertEquals("text true", seen.poll(5, TimeUnit.SECONDS));
      assertEquals("text true", seen.poll(5, TimeUnit.SECONDS));
      assertEquals("disconnect true", seen.poll(5, TimeUnit.SECONDS));
      // and so are the front's own lines about it, its report of the backend's failure among them
      List<RecordingLogs.Line> failed = RecordingLogs.lines().stream()
          .filter(l -> l.message().equals("Backend failed on a text frame from " + id)).toList();
      assertEquals(1, failed.size(), "the front's line on the failure of connection " + id);
      assertEquals(id, failed.get(0).mdc().get(LogKeys.CONNECTION_ID), failed.get(0).toString());
    }
  }
}
