package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay over TLS ({@link LocalRelay.Builder#tls}): frames of every size cross it intact, a reader that pauses
 * gets every frame once it reads again (no TLS record is stranded in the relay), and the bound on what waits for a
 * connection that does not read holds as without TLS.
 */
class LocalRelayTlsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static TestTls tls;

  @BeforeAll
  static void certificate() throws Exception {
    tls = new TestTls();
  }

  private static String message(String to, int i, int size) {
    return "{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"token\":\"t" + i + "\",\"f\":\""
        + Character.toString('a' + i % 26).repeat(size) + "\"}}";
  }

  private static JsonNode payload(String frame) throws Exception {
    return MAPPER.readTree(frame).get("payload");
  }

  @Test
  void servesWssAndFramesOfEverySizeCrossIntactInOrder() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().tls(tls.server).build()) {
      relay.start();
      assertEquals("wss", relay.endpoint().getScheme());
      try (TestClient a = TestClient.connect(relay.endpoint(), Map.of(), tls.client);
          TestClient b = TestClient.connect(relay.endpoint(), Map.of(), tls.client)) {
        String to = b.id();
        int[] sizes = {0, 1, 100, 16 * 1024 - 60, 16 * 1024, 16 * 1024 + 1, 40_000, 100_000, 120_000};
        for (int i = 0; i < sizes.length; i++) {
          a.sendFragmented(message(to, i, sizes[i]), 32 * 1024); // API Gateway's frame limit, as clients split
        }
        for (int i = 0; i < sizes.length; i++) {
          JsonNode p = payload(b.next());
          assertEquals("t" + i, p.get("token").asText());
          assertEquals(Character.toString('a' + i % 26).repeat(sizes[i]), p.get("f").asText());
        }
      }
    }
  }

  @Test
  void aReaderThatPausesGetsEveryFrameWhenItReadsAgain() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().tls(tls.server).maxQueuedBytesPerConnection(4 * 1024 * 1024)
        .build()) {
      relay.start();
      try (RawClient paused = RawClient.connect(relay.endpoint(), 4096, tls.client);
          TestClient sender = TestClient.connect(relay.endpoint(), Map.of(), tls.client)) {
        paused.send("{\"action\":\"whoami\",\"payload\":{}}");
        String id = MAPPER.readTree(paused.next()).get("to").asText();
        // More than kernel buffers hold, so the relay's writes stop part-way through TLS records and resume.
        int frames = 120;
        for (int i = 0; i < frames; i++) {
          sender.send(message(id, i, 7_000 + 997 * (i % 13)));
        }
        // The last frame was routed (the relay answered a later whoami of the sender) before reading resumes.
        assertTrue(sender.id().length() > 0);
        for (int i = 0; i < frames; i++) {
          JsonNode p = payload(paused.next());
          assertEquals("t" + i, p.get("token").asText());
          assertEquals(7_000 + 997 * (i % 13), p.get("f").asText().length());
        }
      }
    }
  }

  @Test
  void aClientThatStopsReadingIsNotDroppedAtTheQueueBoundItsSenderIsToldBusy() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().tls(tls.server).maxQueuedBytesPerConnection(64 * 1024).build()) {
      relay.start();
      try (RawClient stuck = RawClient.connect(relay.endpoint(), 4096, tls.client);
          TestClient sender = TestClient.connect(relay.endpoint(), Map.of(), tls.client)) {
        stuck.send("{\"action\":\"whoami\",\"payload\":{}}");
        String stuckId = MAPPER.readTree(stuck.next()).get("to").asText();
        String overloaded = null;
        for (int i = 0; i < 4000 && overloaded == null; i++) { // 64 MB: far more than kernel buffers absorb
          sender.send(message(stuckId, i, 16 * 1024));
          overloaded = i % 16 == 0 ? sender.received.poll(20, TimeUnit.MILLISECONDS) : sender.received.poll();
        }
        if (overloaded == null) {
          overloaded = sender.next();
        }
        JsonNode error = payload(overloaded).get("error");
        assertEquals("PEER_BUSY", error.get("code").asText(), overloaded);
        assertEquals("t0", payload(stuck.next()).get("token").asText(), "the stuck client reads what was queued");
        assertEquals(2, relay.connectionCount(), "nobody was dropped");
      }
    }
  }
}
