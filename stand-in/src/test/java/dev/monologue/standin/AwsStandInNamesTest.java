package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.Dynalite;
import dev.monologue.testsupport.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Names through the real Lambda handler behind the stand-in, kept in DynamoDB (dynalite). */
class AwsStandInNamesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static Dynalite dynalite;

  @BeforeAll
  static void startDynalite() {
    dynalite = Dynalite.start();
  }

  @AfterAll
  static void stopDynalite() {
    if (dynalite != null) {
      dynalite.close();
    }
  }

  private static JsonNode payload(String frame) throws Exception {
    return MAPPER.readTree(frame).get("payload");
  }

  private static String claim(String name) {
    return "{\"action\":\"claim\",\"name\":\"" + name + "\",\"payload\":{\"token\":\"c\"}}";
  }

  @Test
  void ofAHundredClientsClaimingOneNameAtOnceExactlyOneWins() throws Exception {
    int n = 100;
    try (AwsStandIn aws = AwsStandIn.builder().concurrency(8).namesTable(dynalite.endpoint()).start()) {
      List<TestClient> clients = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        for (int i = 0; i < n; i++) {
          clients.add(TestClient.connect(aws.endpoint()));
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
            c.send(claim("billing"));
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : sends) {
          f.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        int winners = 0;
        int winner = -1;
        for (int i = 0; i < n; i++) {
          JsonNode p = payload(clients.get(i).next());
          if (p.get("type").asText().equals("ACK")) {
            winners++;
            winner = i;
          } else {
            assertEquals("NAME_TAKEN", p.get("error").get("code").asText(), p.toString());
            assertTrue(p.get("error").has("heldForMillis"), p.toString());
            for (String id : ids) {
              assertFalse(p.toString().contains(id), "a refusal names no connection ID: " + p);
            }
          }
        }
        assertEquals(1, winners);
        TestClient sender = clients.get(winner == 0 ? 1 : 0);
        sender.send("{\"action\":\"sendmessage\",\"to\":\"billing\",\"payload\":{\"hello\":1}}");
        JsonNode delivered = MAPPER.readTree(clients.get(winner).next());
        assertEquals(ids.get(winner), delivered.get("to").asText());
        assertEquals("{\"hello\":1}", delivered.get("payload").toString());
      } finally {
        pool.shutdownNow();
        clients.forEach(TestClient::close);
      }
    }
  }

  @Test
  void disconnectReleasesTheNameAndGroupsWork() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint()).start();
        TestClient holder = TestClient.connect(aws.endpoint());
        TestClient other = TestClient.connect(aws.endpoint());
        TestClient caller = TestClient.connect(aws.endpoint())) {
      String holderId = holder.id();
      String otherId = other.id();
      holder.send(claim("billing"));
      assertEquals("ACK", payload(holder.next()).get("type").asText());
      other.send("{\"action\":\"release\",\"name\":\"billing\",\"payload\":{\"token\":\"r\"}}");
      assertEquals("NAME_NOT_HELD", payload(other.next()).get("error").get("code").asText());

      for (TestClient c : List.of(holder, other)) {
        c.send("{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}");
        assertEquals("ACK", payload(c.next()).get("type").asText());
      }
      caller.send("{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
      JsonNode members = payload(caller.next()).get("ret").get("members");
      assertEquals(2, members.size(), members.toString());
      caller.send("{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":{\"token\":\"f\"}}");
      assertEquals("{\"token\":\"f\"}", payload(holder.next()).toString());
      assertEquals("{\"token\":\"f\"}", payload(other.next()).toString());
      JsonNode report = payload(caller.next());
      assertEquals("FANOUT", report.get("type").asText());
      assertEquals(2, report.get("ret").get("delivered").size(), report.toString());

      holder.closeBlocking();
      long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
      JsonNode answer;
      do {
        other.send(claim("billing"));
        answer = payload(other.next());
      } while (!answer.get("type").asText().equals("ACK") && System.nanoTime() < deadline);
      assertEquals("ACK", answer.get("type").asText(), answer.toString());
      caller.send("{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
      JsonNode after = payload(caller.next()).get("ret").get("members");
      assertEquals("[{\"id\":\"" + otherId + "\",\"names\":[\"billing\"]}]", after.toString());
      assertFalse(after.toString().contains(holderId));
    }
  }

  @Test
  void aClaimOfANameWhoseHolderVanishedWithoutADisconnectIsGranted() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint()).start();
        TestClient live = TestClient.connect(aws.endpoint());
        TestClient claimant = TestClient.connect(aws.endpoint())) {
      // a holder whose $disconnect never ran: the table still has it, API Gateway no longer knows it
      String vanished = "VanishedHolder0=";
      assertTrue(aws.names().claim("billing", vanished, null, false).granted());
      live.send(claim("ledger"));
      assertEquals("ACK", payload(live.next()).get("type").asText());
      aws.clearManagementRequests();

      claimant.send(claim("billing"));
      JsonNode granted = payload(claimant.next());
      assertEquals("ACK", granted.get("type").asText(), granted.toString());
      assertEquals(claimant.id(), aws.names().holder("billing"));
      assertTrue(aws.managementRequests().stream().anyMatch(r -> r.method().equals("GET")
          && r.path().endsWith("/@connections/VanishedHolder0%3D") && r.status() == 410),
          "asked API Gateway about the holder, which answered gone: " + aws.managementRequests());

      claimant.send(claim("ledger"));
      JsonNode refused = payload(claimant.next());
      assertEquals("NAME_TAKEN", refused.get("error").get("code").asText(), "a live holder keeps its name");
      assertEquals(live.id(), aws.names().holder("ledger"));
    }
  }

  @Test
  void theLoserOfAClaimIsReportedHoldingNothingBySendall() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint()).start();
        TestClient holder = TestClient.connect(aws.endpoint());
        TestClient loser = TestClient.connect(aws.endpoint());
        TestClient caller = TestClient.connect(aws.endpoint())) {
      holder.send(claim("billing"));
      assertEquals("ACK", payload(holder.next()).get("type").asText());
      loser.send("{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}");
      assertEquals("ACK", payload(loser.next()).get("type").asText());
      loser.send(claim("billing"));
      assertEquals("NAME_TAKEN", payload(loser.next()).get("error").get("code").asText());

      caller.send("{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":{\"token\":\"f\"}}");
      assertEquals("{\"token\":\"f\"}", payload(loser.next()).toString());
      JsonNode delivered = payload(caller.next()).get("ret").get("delivered");
      assertEquals("[{\"id\":\"" + loser.id() + "\",\"names\":[]}]", delivered.toString());
    }
  }

  @Test
  void withoutItsTableTheRelaySaysNamesAreUnavailable() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().start(); TestClient c = TestClient.connect(aws.endpoint())) {
      c.send(claim("billing"));
      JsonNode error = payload(c.next()).get("error");
      assertEquals("NAMES_UNAVAILABLE", error.get("code").asText());
      assertTrue(error.get("message").asText().contains("MONOLOGUE_NAMES_TABLE"), error.toString());
    }
  }
}
