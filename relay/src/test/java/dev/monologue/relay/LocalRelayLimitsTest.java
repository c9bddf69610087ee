package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import dev.monologue.wire.Limits;
import dev.monologue.wire.RelayFrames;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.junit.jupiter.api.Test;

class LocalRelayLimitsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PING = "{\"action\":\"ping\"}";

  private static JsonNode error(String frame) throws Exception {
    JsonNode node = MAPPER.readTree(frame);
    assertEquals("$relay", node.get("from").asText(), frame);
    return node.get("payload");
  }

  /** Waits {@code d} for the client to be closed, expecting it not to be. */
  private static void assertStaysOpen(TestClient c, Duration d) {
    assertThrows(TimeoutException.class, () -> c.closed.get(d.toMillis(), TimeUnit.MILLISECONDS),
        "closed with " + c.closed.getNow(null) + " " + c.closeReason);
  }

  @Test
  void aMessageAtTheLimitIsOverItOnceWrappedAndIsNotDeliveredAsOnAws() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().build()) {
      relay.start();
      try (TestClient sender = TestClient.connect(relay.endpoint());
          TestClient receiver = TestClient.connect(relay.endpoint())) {
        String senderId = sender.id();
        String receiverId = receiver.id();
        assertEquals(RelayFrames.MAX_CONNECTION_ID_CHARS, receiverId.length(), "the longest IDs are the local relay's");
        String start = "{\"action\":\"sendmessage\",\"to\":\"" + receiverId + "\",\"payload\":{\"p\":\"";
        String end = "\"}}";
        String message = start + "x".repeat(Limits.MAX_MESSAGE_BYTES - start.length() - end.length()) + end;
        assertEquals(Limits.MAX_MESSAGE_BYTES, message.length(), "at the limit: the relay accepts it");
        int payloadStart = message.indexOf("{\"p\"");
        assertEquals(RelayFrames.maxDeliveredBytes(message.length() - 1 - payloadStart),
            RelayFrames.deliver(receiverId, senderId, message, payloadStart, message.length() - 1).length());

        sender.sendFragmented(message, Limits.MAX_FRAME_BYTES);
        JsonNode error = MAPPER.readTree(sender.next()).get("payload").get("error");
        assertEquals("FRAME_TOO_LARGE", error.get("code").asText(), error.toString());
        sender.send("{\"action\":\"sendmessage\",\"to\":\"" + receiverId + "\",\"payload\":{\"p\":1}}");
        assertEquals("{\"p\":1}", MAPPER.readTree(receiver.next()).get("payload").toString(),
            "the first message never reached the receiver; the next one does");
      }
    }
  }

  @Test
  void idleConnectionIsClosedWith1001AndAPingActionKeepsItOpen() throws Exception {
    // The idle timeout is thirty times the ping interval: a loaded machine's scheduling pauses (two seconds were
    // seen at a load of 30 on 2 cores) do not close the pinging connection.
    try (LocalRelay relay = LocalRelay.builder().idleTimeout(Duration.ofSeconds(3)).build()) {
      relay.start();
      try (TestClient idle = TestClient.connect(relay.endpoint());
          TestClient pinging = TestClient.connect(relay.endpoint());
          TestClient controlFramesOnly = TestClient.connect(relay.endpoint())) {
        long start = System.nanoTime();
        // 7.5 s of keep-alives, two and a half idle timeouts: each ping (and only a message) resets the timer.
        for (int i = 0; i < 75; i++) {
          pinging.send(PING);
          try {
            controlFramesOnly.sendPing(); // WebSocket ping frames do not count, as on API Gateway
          } catch (WebsocketNotConnectedException closedAlready) {
            // expected after about 3 s
          }
          assertStaysOpen(pinging, Duration.ofMillis(100));
        }
        assertEquals(1001, idle.closed.get(5, TimeUnit.SECONDS));
        assertEquals(WebSocketFront.IDLE_REASON, idle.closeReason);
        assertEquals(1001, controlFramesOnly.closed.get(5, TimeUnit.SECONDS));
        assertTrue(pinging.isOpen());
        assertTrue(pinging.received.isEmpty(), "ping is answered by nothing: " + pinging.received);
        assertEquals(22, pinging.id().length());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(7500));
        // Once it stops sending, it is closed too.
        assertEquals(1001, pinging.closed.get(5, TimeUnit.SECONDS));
        // the client may see the close before the relay has forgotten the connection
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (relay.connectionCount() != 0 && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling, bounded by the deadline
        }
        assertEquals(0, relay.connectionCount());
      }
    }
  }

  @Test
  void connectionIsClosedAtTheMaximumDurationHoweverBusy() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().maxConnectionDuration(Duration.ofMillis(500)).build()) {
      relay.start();
      long start = System.nanoTime();
      try (TestClient busy = TestClient.connect(relay.endpoint())) {
        long deadline = start + TimeUnit.SECONDS.toNanos(5);
        // A message every 50 ms: never idle, yet closed once 500 ms are up.
        while (!busy.closed.isDone() && System.nanoTime() < deadline) {
          try {
            busy.send(PING);
            busy.closed.get(50, TimeUnit.MILLISECONDS);
          } catch (TimeoutException stillOpen) {
            // keep sending
          } catch (WebsocketNotConnectedException closing) {
            break;
          }
        }
        assertEquals(1001, busy.closed.get(5, TimeUnit.SECONDS));
        assertEquals(WebSocketFront.EXPIRED_REASON, busy.closeReason);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500));
      }
    }
  }

  @Test
  void aClientThatStopsReadingStaysConnectedAndItsSenderIsToldItIsBusyWhileOthersKeepWorking() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().maxQueuedBytesPerConnection(64 * 1024).build()) {
      relay.start();
      try (RawClient stuck = RawClient.connect(relay.endpoint(), 4096);
          TestClient sender = TestClient.connect(relay.endpoint());
          TestClient bystander = TestClient.connect(relay.endpoint())) {
        stuck.send("{\"action\":\"whoami\",\"payload\":{}}");
        String stuckId = MAPPER.readTree(stuck.next()).get("to").asText();
        // From here on, stuck does not read. Kernel buffers absorb a few MB at most; 4000 x 16 KB is 64 MB.
        String filler = "x".repeat(16 * 1024);
        String busy = null;
        for (int i = 0; i < 4000 && busy == null; i++) {
          sender.send("{\"action\":\"sendmessage\",\"to\":\"" + stuckId + "\",\"payload\":{\"token\":\"t" + i
              + "\",\"f\":\"" + filler + "\"}}");
          String frame = i % 16 == 0 ? sender.received.poll(20, TimeUnit.MILLISECONDS) : sender.received.poll();
          if (frame != null) {
            busy = frame;
          }
        }
        if (busy == null) {
          busy = sender.next();
        }
        JsonNode err = error(busy);
        assertEquals("PEER_BUSY", err.get("error").get("code").asText(), busy);
        assertTrue(err.get("token").asText().startsWith("t"));
        assertTrue(err.get("error").get("message").asText().contains(stuckId));
        // The stuck client is not disconnected for it: it reads what was queued, in order, and is still there.
        assertTrue(MAPPER.readTree(stuck.next()).get("payload").get("token").asText().equals("t0"));
        assertEquals(3, relay.connectionCount());
        // Everyone else is unaffected.
        sender.send("{\"action\":\"sendmessage\",\"to\":\"" + bystander.id()
            + "\",\"payload\":{\"still\":\"works\"}}");
        assertTrue(bystander.next().endsWith("\"payload\":{\"still\":\"works\"}}"));
        assertTrue(sender.isOpen());
      }
    }
  }

  @Test
  void overTheRateLimitTheSenderIsThrottledAndOthersAreNotSlowed() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().messageRateLimit(50, 10).build()) {
      relay.start();
      try (TestClient flooder = TestClient.connect(relay.endpoint());
          TestClient calm = TestClient.connect(relay.endpoint())) {
        int flood = 3000;
        CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> {
          for (int i = 0; i < flood; i++) {
            flooder.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"f" + i + "\"}}");
          }
        });
        // The calm client stays under its own budget (10 at once), and each call comes back promptly.
        for (int i = 0; i < 10; i++) {
          long t0 = System.nanoTime();
          calm.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"c" + i + "\"}}");
          String reply = calm.next();
          assertTrue(reply.endsWith("\"payload\":{\"token\":\"c" + i + "\"}}"), reply);
          assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "call " + i + " took too long");
        }
        flooding.get(10, TimeUnit.SECONDS);
        // Every flood frame is answered exactly once: its echo, or a THROTTLED error carrying its token.
        int echoed = 0;
        int throttled = 0;
        for (int i = 0; i < flood; i++) {
          JsonNode frame = MAPPER.readTree(flooder.next());
          JsonNode payload = frame.get("payload");
          if ("$relay".equals(frame.get("from").asText())) {
            assertEquals("THROTTLED", payload.get("error").get("code").asText());
            assertTrue(payload.get("error").get("message").asText().contains("50 messages per second"));
            throttled++;
          } else {
            echoed++;
          }
          assertTrue(payload.get("token").asText().startsWith("f"));
        }
        assertTrue(echoed >= 10, "the burst goes through: " + echoed);
        assertTrue(throttled > 0, "nothing was throttled");
        assertEquals(flood, echoed + throttled);
        assertTrue(flooder.isOpen());
      }
    }
  }

  @Test
  void builderRejectsBadLimits() {
    assertThrows(IllegalArgumentException.class, () -> LocalRelay.builder().idleTimeout(Duration.ZERO).build());
    assertThrows(IllegalArgumentException.class,
        () -> LocalRelay.builder().maxConnectionDuration(Duration.ofSeconds(-1)).build());
    assertThrows(IllegalArgumentException.class, () -> LocalRelay.builder().maxQueuedBytesPerConnection(0).build());
    assertThrows(IllegalArgumentException.class, () -> LocalRelay.builder().messageRateLimit(10, 0).build());
    assertThrows(IllegalArgumentException.class, () -> LocalRelay.builder().messageRateLimit(-1, 5).build());
    assertThrows(NullPointerException.class, () -> LocalRelay.builder().idleTimeout(null));
    LocalRelay.builder().messageRateLimit(1, 1).idleTimeout(Duration.ofMillis(1)).build().close();
  }
}
