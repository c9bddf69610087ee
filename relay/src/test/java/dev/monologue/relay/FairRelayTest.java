package dev.monologue.relay;

import static dev.monologue.testsupport.Awaits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.TestClient;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A connection that reads slowly is never disconnected for what others send it: a flooder is refused with
 * {@code PEER_BUSY}, holds at most its share of the slow reader's queue, and the reader's other callers get through.
 * And the relay's overall buffer budget: past it new work is refused, and the connections already open go on.
 */
class FairRelayTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** How long the victim pauses after each frame it reads: a reader far slower than the flood. */
  private static final long TRICKLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private static String message(String to, String token, int fillerChars) {
    return "{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"token\":\"" + token + "\",\"f\":\""
        + "x".repeat(fillerChars) + "\"}}";
  }

  /** The error of a relay error frame, or null for any other frame. */
  private static JsonNode relayError(String frame) throws IOException {
    JsonNode node = MAPPER.readTree(frame);
    return "$relay".equals(node.path("from").asText()) ? node.path("payload").path("error") : null;
  }

  /** With one I/O thread and with two, whose decoder threads must count each frame against its own sender. */
  @ParameterizedTest(name = "ioThreads={0}")
  @ValueSource(ints = {1, 2})
  void aSlowReaderStaysConnectedAndGetsItsOtherCallersMessagesWhileItsFlooderIsToldBusy(int ioThreads)
      throws Exception {
    try (LocalRelay relay = LocalRelay.builder().maxQueuedBytesPerConnection(64 * 1024).ioThreads(ioThreads)
        .build()) {
      relay.start();
      try (RawClient victim = RawClient.connect(relay.endpoint(), 4096);
          TestClient flooder = TestClient.connect(relay.endpoint());
          TestClient caller = TestClient.connect(relay.endpoint())) {
        victim.send("{\"action\":\"whoami\",\"payload\":{}}");
        String victimId = MAPPER.readTree(victim.next()).get("to").asText();
        BlockingQueue<String> victimGot = new LinkedBlockingQueue<>();
        AtomicBoolean victimClosed = new AtomicBoolean();
        Thread trickle = new Thread(() -> {
          try {
            while (true) {
              victimGot.add(victim.next());
              LockSupport.parkNanos(TRICKLE_NANOS); // pacing, the point of the test: it reads at a trickle
            }
          } catch (IOException | RuntimeException e) {
            victimClosed.set(true); // the relay closed it, or the test closes it at the end
          }
        }, "trickle-reader");
        trickle.setDaemon(true);
        trickle.start();

        // The flooder sends 16 KB messages as fast as it can until the relay says the victim is busy.
        JsonNode busy = null;
        int sent = 0;
        for (; sent < 4000 && busy == null; sent++) { // 64 MB: far more than kernel buffers absorb
          flooder.send(message(victimId, "f" + sent, 16 * 1024));
          String frame = sent % 16 == 0 ? flooder.received.poll(20, TimeUnit.MILLISECONDS) : flooder.received.poll();
          busy = frame == null ? null : relayError(frame);
        }
        if (busy == null) {
          busy = relayError(flooder.next());
        }
        assertEquals("PEER_BUSY", busy.get("code").asText(), busy.toString());
        assertTrue(busy.get("message").asText().contains(victimId), busy.toString());

        // The flood goes on while another caller sends to the victim: its messages are not refused.
        AtomicBoolean flooding = new AtomicBoolean(true);
        int firstMore = sent;
        CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
          // As fast as the relay reads the flooder: a frame whenever the last has left the flooder's client.
          for (int i = firstMore; flooding.get() && i < firstMore + 100_000; ) {
            if (flooder.getConnection().hasBufferedData()) {
              LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            } else {
              flooder.send(message(victimId, "f" + i++, 16 * 1024));
            }
          }
        });
        // As big as the flooder's: without a share of its own, each would find the queue full.
        for (int i = 0; i < 5; i++) {
          String token = "c" + i;
          caller.send(message(victimId, token, 16 * 1024));
          String got = null;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (got == null && System.nanoTime() < deadline) {
            String frame = victimGot.poll(1, TimeUnit.SECONDS);
            if (frame != null && frame.contains("\"token\":\"" + token + "\"")) {
              got = frame;
            }
          }
          assertTrue(got != null, "the victim never got its other caller's message " + token);
          assertNull(caller.received.poll(), "the other caller was refused: " + caller.received.peek());
        }
        flooding.set(false);
        more.get(60, TimeUnit.SECONDS);
        assertTrue(!victimClosed.get(), "the victim's connection was closed");
        assertEquals(3, relay.connectionCount(), "everyone is still connected");
        assertTrue(flooder.isOpen());
        // The victim still answers: its whoami comes back once it has read what was queued before it.
        victim.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"still-here\"}}");
        eventually("the victim reads its whoami answer", () -> victimGot.stream().anyMatch(
            f -> f.contains("still-here")), Awaits.WAIT.multipliedBy(6));
      }
    }
  }

  @Test
  void aClientThatDoesNotReadTheAnswersToItsOwnFramesIsDropped() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().maxQueuedBytesPerConnection(64 * 1024).build()) {
      relay.start();
      try (RawClient deaf = RawClient.connect(relay.endpoint(), 4096);
          TestClient bystander = TestClient.connect(relay.endpoint())) {
        String filler = "x".repeat(16 * 1024);
        boolean dropped = false;
        try {
          for (int i = 0; i < 4000; i++) { // each loopback comes back to it: 64 MB it never reads
            deaf.send("{\"action\":\"loopback\",\"payload\":{\"token\":\"l" + i + "\",\"f\":\"" + filler + "\"}}");
          }
        } catch (IOException e) {
          dropped = true; // the relay closed it while it was still sending
        }
        assertTrue(dropped || deaf.drainUntilClosed(), "the client that never reads was not dropped");
        eventually("the relay forgets the dropped client", () -> relay.connectionCount() == 1);
        assertTrue(bystander.id().length() > 10, "others are unaffected");
      }
    }
  }

  @Test
  void pastTheOverallBudgetNewWorkIsRefusedAndOpenConnectionsGoOn() throws Exception {
    int fragment = 32_000;
    try (LocalRelay relay = LocalRelay.builder().maxBufferedBytes(140_000).build()) {
      relay.start();
      try (TestClient whole = TestClient.connect(relay.endpoint());
          RawClient a = RawClient.connect(relay.endpoint(), 64 * 1024);
          RawClient b = RawClient.connect(relay.endpoint(), 64 * 1024);
          RawClient c = RawClient.connect(relay.endpoint(), 64 * 1024);
          RawClient d = RawClient.connect(relay.endpoint(), 64 * 1024);
          RawClient over = RawClient.connect(relay.endpoint(), 64 * 1024)) {
        String start = "{\"action\":\"whoami\",\"payload\":{\"token\":\"";
        String filler = "x".repeat(fragment - start.length());
        for (RawClient r : new RawClient[] {a, b, c, d}) {
          r.sendFirstFragment(start + filler); // 4 x 32,000 bytes held, of 140,000
        }
        eventually("the relay holds the four unfinished messages", () -> relay.bufferedBytes() >= 4L * fragment);

        over.sendFirstFragment(start + filler);
        assertEquals(1013, over.nextClose(), "the fragment past the budget closes its connection: try again later");

        TestClient late = TestClient.unconnected(relay.endpoint(), Map.of());
        try (late) {
          late.connectBlocking(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
          assertEquals(1013, late.closed.get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
          assertTrue(late.closeReason.contains("buffer memory is spent"), late.closeReason);
        }

        // Open connections go on: whole messages are routed, and an unfinished message can be finished.
        assertTrue(whole.id().length() > 10);
        a.sendLastFragment("done\"}}");
        String answer = a.next();
        assertTrue(answer.contains(filler + "done"), "the finished message was answered");
        eventually("the finished message's bytes are given back", () -> relay.bufferedBytes() < 4L * fragment);
        try (TestClient next = TestClient.connect(relay.endpoint())) {
          assertTrue(next.id().length() > 10, "a new connection fits again");
        }
      }
    }
  }
}
