package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Names and groups through a real local relay, with plain WebSocket clients speaking the frames by hand. */
class LocalRelayNamesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode payload(String frame) throws Exception {
    return MAPPER.readTree(frame).get("payload");
  }

  private static String claim(String name, String extra) {
    return "{\"action\":\"claim\",\"name\":\"" + name + "\"" + extra + ",\"payload\":{\"token\":\"c\"}}";
  }

  @Test
  void ofAHundredClientsClaimingOneNameAtOnceExactlyOneWins() throws Exception {
    int n = 100;
    try (LocalRelay relay = LocalRelay.builder().build()) {
      relay.start();
      List<TestClient> clients = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        for (int i = 0; i < n; i++) {
          clients.add(TestClient.connect(relay.endpoint()));
        }
        List<String> ids = new ArrayList<>();
        for (TestClient c : clients) {
          ids.add(c.id());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> sends = new ArrayList<>();
        for (TestClient c : clients) {
          sends.add(pool.submit(() -> {
            go.await();
            c.send(claim("billing", ""));
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : sends) {
          f.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        int winners = 0;
        String winner = null;
        for (int i = 0; i < n; i++) {
          JsonNode p = payload(clients.get(i).next());
          if (p.get("type").asText().equals("ACK")) {
            winners++;
            winner = ids.get(i);
          } else {
            assertEquals("NAME_TAKEN", p.get("error").get("code").asText(), p.toString());
            assertTrue(p.get("error").get("heldForMillis").asLong() >= 0);
            assertTrue(p.get("error").get("message").asText().contains("is held by another connection (claimed "),
                p.toString());
            for (String id : ids) {
              assertFalse(p.toString().contains(id), "a refusal names no connection ID: " + p);
            }
          }
        }
        assertEquals(1, winners);

        // the name now reaches the winner, whoever sends to it
        clients.get(0).send("{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"hello\":1}}");
        TestClient winnerClient = clients.get(ids.indexOf(winner));
        JsonNode delivered = MAPPER.readTree(winnerClient.next());
        assertEquals(winner, delivered.get("to").asText());
        assertEquals(ids.get(0), delivered.get("from").asText());
      } finally {
        pool.shutdownNow();
        clients.forEach(TestClient::close);
      }
    }
  }

  @Test
  void aNameIsFreedByItsHoldersDisconnectAndOthersCannotReleaseOrTakeIt() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().build()) {
      relay.start();
      try (TestClient holder = TestClient.connect(relay.endpoint());
          TestClient other = TestClient.connect(relay.endpoint());
          TestClient caller = TestClient.connect(relay.endpoint())) {
        holder.send(claim("billing", ""));
        assertEquals("ACK", payload(holder.next()).get("type").asText());

        other.send("{\"action\":\"release\",\"name\":\"billing\",\"payload\":{\"token\":\"r\"}}");
        assertEquals("NAME_NOT_HELD", payload(other.next()).get("error").get("code").asText());
        other.send(claim("billing", ",\"takeover\":false"));
        assertEquals("NAME_TAKEN", payload(other.next()).get("error").get("code").asText());
        caller.send("{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"n\":1}}");
        assertEquals("{\"n\":1}", payload(holder.next()).toString(), "still the holder's");

        holder.closeBlocking();
        // the relay handles the disconnect on its own thread: wait until the name is free
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        JsonNode answer;
        do {
          other.send(claim("billing", ""));
          answer = payload(other.next());
        } while (!answer.get("type").asText().equals("ACK") && System.nanoTime() < deadline);
        assertEquals("ACK", answer.get("type").asText(), answer.toString());
        assertFalse(answer.get("ret").get("tookOver").asBoolean());
        caller.send("{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"n\":2}}");
        assertEquals("{\"n\":2}", payload(other.next()).toString());
      }
    }
  }

  @Test
  void badNamesGetClearErrorsOverTheWire() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().build()) {
      relay.start();
      try (TestClient c = TestClient.connect(relay.endpoint())) {
        String id = c.id();
        for (String bad : new String[] {"", "$relay", "$queue", id, "x".repeat(65), "Upper"}) {
          c.send(claim(bad, ""));
          JsonNode error = payload(c.next()).get("error");
          assertEquals("BAD_NAME", error.get("code").asText(), bad);
          assertTrue(error.get("message").asText().startsWith("name "), error.toString());
        }
      }
    }
  }
}
