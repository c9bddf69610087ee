package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.relay.core.KeyPolicy;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.testsupport.TestClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Owner secrets, the takeover policy, per-key claim and join patterns and tenants through the real Lambda handler
 * behind the stand-in, the sender's API key read from each event's {@code requestContext.identity}, names in
 * DynamoDB (dynalite).
 */
class AwsStandInOwnershipTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @RegisterExtension static final SharedDynalite dynalite = new SharedDynalite();

  private static TestClient connect(AwsStandIn aws, String apiKey) throws Exception {
    return TestClient.connect(aws.endpoint(), Map.of("x-api-key", apiKey), aws.tls().clientContext());
  }

  private static JsonNode ask(TestClient c, String frame) throws Exception {
    c.send(frame);
    return MAPPER.readTree(c.next()).get("payload");
  }

  private static String claim(String name, String secret, boolean takeover) {
    return "{\"action\":\"claim\",\"name\":\"" + name + "\",\"key\":\"" + secret + "\""
        + (takeover ? ",\"takeover\":true" : "") + ",\"payload\":{\"token\":\"c\"}}";
  }

  private static String code(JsonNode payload) {
    assertEquals("ERR", payload.get("type").asText(), payload.toString());
    return payload.get("error").get("code").asText();
  }

  @Test
  void theSameOwnerMovesItsNameAtOnceAndOnlyAnAllowedKeyTakesAnothersOver() throws Exception {
    RelayPolicy policy = RelayPolicy.builder().apiKey("admin-key", KeyPolicy.builder().takeover(true).build()).build();
    try (AwsStandIn aws = AwsStandIn.builder().apiKeys(Set.of("plain-key", "admin-key"))
        .namesTable(dynalite.endpoint()).disconnects(DisconnectDelivery.LOST).relayPolicy(policy).start();
        TestClient holder = connect(aws, "plain-key");
        TestClient restarted = connect(aws, "plain-key");
        TestClient stranger = connect(aws, "plain-key");
        TestClient admin = connect(aws, "admin-key")) {
      assertEquals("ACK", ask(holder, claim("billing", "owner-secret-one", false)).get("type").asText());
      // the holder's connection is still open, as a half-open one looks to the relay: another owner is refused
      assertEquals("NAME_TAKEN", code(ask(stranger, claim("billing", "owner-secret-two", false))));
      assertEquals("TAKEOVER_REFUSED", code(ask(stranger, claim("billing", "owner-secret-two", true))));
      // the same owner (a restarted machine) gets it at once
      JsonNode moved = ask(restarted, claim("billing", "owner-secret-one", false));
      assertEquals("ACK", moved.get("type").asText(), moved.toString());
      assertTrue(moved.get("ret").get("tookOver").asBoolean());
      assertEquals("RELEASED", MAPPER.readTree(holder.next()).get("payload").get("event").asText());
      // a key the policy allows takes it over
      JsonNode taken = ask(admin, claim("billing", "owner-secret-three", true));
      assertEquals("ACK", taken.get("type").asText(), taken.toString());
      JsonNode delivered = ask(stranger, "{\"action\":\"probe\",\"name\":\"billing\",\"payload\":{\"token\":\"p\"}}");
      assertEquals("ACK", delivered.get("type").asText(), delivered.toString());
      assertEquals("RELEASED", MAPPER.readTree(restarted.next()).get("payload").get("event").asText());
    }
  }

  @Test
  void claimsAndJoinsOutsideTheKeysPatternsAreRefusedAndTenantsHaveTheirOwnNames() throws Exception {
    RelayPolicy policy = RelayPolicy.builder()
        .apiKey("acme-key", KeyPolicy.builder().tenant("acme").claims(List.of("billing.*"))
            .joins(List.of("workers")).build())
        .apiKey("globex-key", KeyPolicy.builder().tenant("globex").build()).build();
    try (AwsStandIn aws = AwsStandIn.builder().apiKeys(Set.of("acme-key", "globex-key"))
        .namesTable(dynalite.endpoint()).relayPolicy(policy).start();
        TestClient acme = connect(aws, "acme-key");
        TestClient acme2 = connect(aws, "acme-key");
        TestClient globex = connect(aws, "globex-key")) {
      assertEquals("NOT_PERMITTED", code(ask(acme, claim("payroll", "acme-owner-secret", false))));
      assertEquals("NOT_PERMITTED", code(ask(acme,
          "{\"action\":\"join\",\"group\":\"payroll\",\"payload\":{\"token\":\"j\"}}")));
      assertEquals("ACK", ask(acme, claim("billing.eu", "acme-owner-secret", false)).get("type").asText());
      assertEquals("ACK", ask(acme, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}")
          .get("type").asText());
      // globex has a 'billing.eu' and a 'workers' of its own
      assertEquals("ACK", ask(globex, claim("billing.eu", "globex-owner-secret", false)).get("type").asText());
      JsonNode members = ask(globex, "{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
      assertEquals(0, members.get("ret").get("members").size(), members.toString());
      JsonNode acmeMembers = ask(acme2, "{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
      assertEquals(acme.id(), acmeMembers.get("ret").get("members").get(0).get("id").asText());
      assertEquals("billing.eu", acmeMembers.get("ret").get("members").get(0).get("names").get(0).asText());
      acme2.send("{\"action\":\"sendmessage\",\"name\":\"billing.eu\",\"payload\":{\"hello\":1}}");
      assertEquals(acme2.id(), MAPPER.readTree(acme.next()).get("from").asText(), "acme's name, acme's holder");
      globex.send("{\"action\":\"sendmessage\",\"name\":\"billing.eu\",\"payload\":{\"hello\":2}}");
      assertEquals(globex.id(), MAPPER.readTree(globex.next()).get("from").asText(), "globex's name is its own");
    }
  }

  private static String toId(String id, String token) {
    return "{\"action\":\"sendmessage\",\"to\":\"" + id + "\",\"payload\":{\"token\":\"" + token + "\"}}";
  }

  @Test
  void anotherTenantsConnectionIdAnswersAsAnIdNobodyHasAndTheSameTenantsIsReached() throws Exception {
    RelayPolicy policy = RelayPolicy.builder()
        .apiKey("acme-key", KeyPolicy.builder().tenant("acme").build())
        .apiKey("globex-key", KeyPolicy.builder().tenant("globex").build()).build();
    try (AwsStandIn aws = AwsStandIn.builder().apiKeys(Set.of("acme-key", "globex-key"))
        .namesTable(dynalite.endpoint()).relayPolicy(policy).start();
        TestClient acme = connect(aws, "acme-key");
        TestClient acme2 = connect(aws, "acme-key");
        TestClient globex = connect(aws, "globex-key");
        TestClient gone = connect(aws, "acme-key")) {
      String acmeId = acme.id();
      String acme2Id = acme2.id();
      String globexId = globex.id();
      String goneId = gone.id();
      gone.close();
      // what an ID nobody has is answered: the reference for what a foreign ID must look like
      JsonNode nobody = ask(acme, toId(goneId, "n"));
      assertEquals("PEER_GONE", code(nobody));
      String unknownAnswer = nobody.get("error").get("message").asText().replace(goneId, "ID");

      JsonNode foreign = ask(acme, toId(globexId, "f"));
      assertEquals("PEER_GONE", code(foreign), "acme cannot reach globex's connection by its ID");
      assertEquals(unknownAnswer, foreign.get("error").get("message").asText().replace(globexId, "ID"),
          "answered exactly as an ID nobody has");
      JsonNode foreignProbe = ask(globex, "{\"action\":\"probe\",\"to\":\"" + acmeId
          + "\",\"payload\":{\"token\":\"p\"}}");
      assertEquals("PEER_GONE", code(foreignProbe), "nor probe it");
      globex.send("{\"action\":\"loopback\",\"payload\":{\"token\":\"l\"}}");
      assertEquals(globexId, MAPPER.readTree(globex.next()).get("to").asText(),
          "and nothing from acme reached globex: the next frame it reads is its own loopback");

      acme.send(toId(acme2Id, "s"));
      JsonNode delivered = MAPPER.readTree(acme2.next());
      assertEquals(acmeId, delivered.get("from").asText(), "the same tenant's connection is reached by ID");
      acme2.send(toId(acmeId, "r"));
      assertEquals(acme2Id, MAPPER.readTree(acme.next()).get("from").asText(), "and answers by ID");

      // the keys were recorded and read once: from now on a message by ID costs the table nothing
      Usage before = aws.usage();
      for (int i = 0; i < 5; i++) {
        acme.send(toId(acme2Id, "again" + i));
        assertEquals(acmeId, MAPPER.readTree(acme2.next()).get("from").asText());
        acme2.send(toId(acmeId, "back" + i));
        assertEquals(acme2Id, MAPPER.readTree(acme.next()).get("from").asText());
      }
      Usage used = aws.usage().minus(before);
      assertEquals(0.0, used.readUnits() + used.writeUnits(), "DynamoDB request units: " + used);
    }
  }

  @Test
  void withoutTenantsAMessageByIdCostsNoDynamoDbRequest() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().apiKeys(Set.of("plain-key"))
        .namesTable(dynalite.endpoint()).start();
        TestClient a = connect(aws, "plain-key");
        TestClient b = connect(aws, "plain-key")) {
      Usage before = aws.usage();
      String aId = a.id(); // each connection's first message: nothing is recorded without tenants
      String bId = b.id();
      for (int i = 0; i < 5; i++) {
        a.send(toId(bId, "a" + i));
        assertEquals(aId, MAPPER.readTree(b.next()).get("from").asText());
        b.send(toId(aId, "b" + i));
        assertEquals(bId, MAPPER.readTree(a.next()).get("from").asText());
      }
      Usage used = aws.usage().minus(before);
      assertEquals(0.0, used.readUnits() + used.writeUnits(), "DynamoDB request units: " + used);
    }
  }
}
