package dev.monologue.standin;

import static dev.monologue.testsupport.Awaits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Names through the real Lambda handler behind the stand-in, kept in DynamoDB (dynalite). */
class AwsStandInNamesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @RegisterExtension static final SharedDynalite dynalite = new SharedDynalite();

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
          clients.add(TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext()));
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
        sender.send("{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"hello\":1}}");
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
        TestClient holder = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient other = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient caller = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
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
        TestClient live = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient claimant = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
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
  void aProbeOfANameWhoseHolderVanishedWithoutADisconnectIsPeerGoneAtOnce() throws Exception {
    Set<String> disconnectLost = ConcurrentHashMap.newKeySet();
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint())
        // API Gateway's $disconnect is best effort: for these connections it never reaches the function
        .wrapWebSocketHandler(real -> (event, context) -> {
          if (event.getRequestContext().getEventType().equals("DISCONNECT")
              && disconnectLost.contains(event.getRequestContext().getConnectionId())) {
            APIGatewayV2WebSocketResponse ok = new APIGatewayV2WebSocketResponse();
            ok.setStatusCode(200);
            return ok;
          }
          return real.handleRequest(event, context);
        }).start();
        TestClient holder = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient caller = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String holderId = holder.id();
      holder.send(claim("billing"));
      assertEquals("ACK", payload(holder.next()).get("type").asText());
      // a call reaches the holder, which vanishes before it answers
      caller.send("{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"token\":\"call1\"}}");
      assertEquals("{\"token\":\"call1\"}", payload(holder.next()).toString());
      disconnectLost.add(holderId);
      holder.closeBlocking();
      eventually("API Gateway sees " + holderId + " gone", () -> !aws.isConnected(holderId));
      assertEquals(holderId, aws.names().holder("billing"), "no $disconnect: the table still names the holder");

      // what a caller with that call pending asks the relay
      caller.send("{\"action\":\"probe\",\"name\":\"billing\",\"payload\":{\"token\":\"p1\"}}");
      JsonNode answer = payload(caller.next());
      assertEquals("ERR", answer.get("type").asText(), answer.toString());
      assertEquals("PEER_GONE", answer.get("error").get("code").asText(),
          "the relay asked API Gateway (GET @connections) and learned the holder is gone: " + answer
              + "; management requests: " + aws.managementRequests());
    }
  }

  @Test
  void theLoserOfAClaimIsReportedHoldingNothingBySendall() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint()).start();
        TestClient holder = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient loser = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient caller = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      holder.send(claim("billing"));
      assertEquals("ACK", payload(holder.next()).get("type").asText());
      loser.send("{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}");
      assertEquals("ACK", payload(loser.next()).get("type").asText());
      loser.send(claim("billing"));
      assertEquals("NAME_TAKEN", payload(loser.next()).get("error").get("code").asText());

      caller.send("{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":{\"token\":\"f\"}}");
      assertEquals("{\"token\":\"f\"}", payload(loser.next()).toString());
      JsonNode delivered = payload(caller.next()).get("ret").get("delivered");
      assertEquals("[{\"id\":\"" + loser.id() + "\"}]", delivered.toString(), "the loser, reached, and no one else");
      caller.send("{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
      assertEquals("[{\"id\":\"" + loser.id() + "\",\"names\":[]}]",
          payload(caller.next()).get("ret").get("members").toString(), "the loser holds nothing");
    }
  }

  @Test
  void withoutItsTableTheRelaySaysNamesAreUnavailable() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().start();
        TestClient c = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      c.send(claim("billing"));
      JsonNode error = payload(c.next()).get("error");
      assertEquals("NAMES_UNAVAILABLE", error.get("code").asText());
      assertTrue(error.get("message").asText().contains("MONOLOGUE_NAMES_TABLE"), error.toString());
    }
  }
}
