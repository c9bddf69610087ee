package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Takeover policy, per-key claim and join patterns, and tenants, through the router as a relay runs it. */
class NamePolicyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String A = "AAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "BBBBBBBBBBBBBBBBBBBBBB";
  private static final String C = "CCCCCCCCCCCCCCCCCCCCCC";
  private static final String D = "DDDDDDDDDDDDDDDDDDDDDD";

  private final RouterTest.RecordingGateway gateway = new RouterTest.RecordingGateway();
  private final InMemoryNameRegistry registry = new InMemoryNameRegistry();
  /** Each connection's API key, as the local relay knows them. */
  private final Map<String, String> keys = new HashMap<>();

  private Router router(RelayPolicy policy) {
    return new Router(gateway, 4096, registry, policy, id -> Optional.ofNullable(keys.get(id)));
  }

  private List<JsonNode> drain(String to) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String[] f : gateway.sent) {
      if (f[0].equals(to)) {
        out.add(MAPPER.readTree(f[1]));
      }
    }
    gateway.sent.removeIf(f -> f[0].equals(to));
    return out;
  }

  private JsonNode only(String to) throws Exception {
    List<JsonNode> frames = drain(to);
    assertEquals(1, frames.size(), "frames to " + to + ": " + frames);
    return frames.get(0);
  }

  private static String code(JsonNode frame) {
    JsonNode payload = frame.get("payload");
    assertEquals("ERR", payload.get("type").asText(), payload.toString());
    return payload.get("error").get("code").asText();
  }

  private static String message(JsonNode frame) {
    return frame.get("payload").get("error").get("message").asText();
  }

  private JsonNode send(Router router, String id, String frame) throws Exception {
    router.onText(id, frame);
    return only(id);
  }

  private static String claim(String name, String key, boolean takeover) {
    return "{\"action\":\"claim\",\"name\":\"" + name + "\"" + (key == null ? "" : ",\"key\":\"" + key + "\"")
        + (takeover ? ",\"takeover\":true" : "") + ",\"payload\":{\"token\":\"c\"}}";
  }

  @Test
  void anotherOwnersTakeoverIsRefusedByDefaultAndTheHolderKeepsTheName() throws Exception {
    Router router = router(RelayPolicy.DEFAULT);
    assertEquals("ACK", send(router, A, claim("billing", "owner-1", false)).get("payload").get("type").asText());
    JsonNode refused = send(router, B, claim("billing", "owner-2", true));
    assertEquals("TAKEOVER_REFUSED", code(refused));
    assertTrue(message(refused).contains("'billing'") && message(refused).contains("owner secret"), message(refused));
    assertEquals(A, registry.holder("billing"));
    assertTrue(drain(A).isEmpty(), "the holder is not told anything");
    // a claim without a key (an original client's, or an old one's) is another owner too
    assertEquals("TAKEOVER_REFUSED", code(send(router, C, claim("billing", null, true))));
    assertEquals(A, registry.holder("billing"));
  }

  @Test
  void theSameOwnerGetsItsNameBackAtOnceWithoutTakeover() throws Exception {
    Router router = router(RelayPolicy.DEFAULT);
    send(router, A, claim("billing", "owner-1", false));
    JsonNode ack = send(router, B, claim("billing", "owner-1", false)); // the restarted machine, same secret
    assertEquals("ACK", ack.get("payload").get("type").asText());
    assertTrue(ack.get("payload").get("ret").get("tookOver").asBoolean());
    assertEquals(B, registry.holder("billing"));
  }

  @Test
  void takeoverWorksForAKeyThePolicyAllows() throws Exception {
    keys.put(A, "plain");
    keys.put(B, "admin");
    Router router = router(RelayPolicy.builder().key("admin", KeyPolicy.builder().takeover(true).build()).build());
    send(router, A, claim("billing", "owner-1", false));
    JsonNode ack = send(router, B, claim("billing", "owner-2", true));
    assertEquals("ACK", ack.get("payload").get("type").asText(), ack.toString());
    assertEquals(B, registry.holder("billing"));
    assertEquals("RELEASED", only(A).get("payload").get("event").asText());
    // and the plain key still cannot take it back
    assertEquals("TAKEOVER_REFUSED", code(send(router, A, claim("billing", "owner-1", true))));
  }

  @Test
  void aClaimOrJoinOutsideTheKeysPatternsIsRefused() throws Exception {
    keys.put(A, "billing-key");
    Router router = router(RelayPolicy.builder().key("billing-key", KeyPolicy.builder()
        .claims(List.of("billing.*", "ledger")).joins(List.of("billing-workers")).build()).build());
    assertEquals("ACK", send(router, A, claim("billing.eu", "o", false)).get("payload").get("type").asText());
    assertEquals("ACK", send(router, A, claim("ledger", "o", false)).get("payload").get("type").asText());
    JsonNode refused = send(router, A, claim("payroll", "o", false));
    assertEquals("NOT_PERMITTED", code(refused));
    assertEquals("this relay's policy does not let this API key claim the name 'payroll' (it may claim [billing.*,"
        + " ledger]); claim a name it allows, or ask the relay's operator to allow this one", message(refused));
    assertNull(registry.holder("payroll"));
    assertEquals("NOT_PERMITTED", code(send(router, A, claim("ledger2", "o", false))));
    assertEquals("NOT_PERMITTED", code(send(router, A, claim("billing", "o", false))), "'billing.*' is a prefix");

    JsonNode joined = send(router, A, "{\"action\":\"join\",\"group\":\"billing-workers\",\"payload\":{\"token\":\"j\"}}");
    assertEquals("ACK", joined.get("payload").get("type").asText());
    JsonNode notJoined = send(router, A, "{\"action\":\"join\",\"group\":\"payroll\",\"payload\":{\"token\":\"j\"}}");
    assertEquals("NOT_PERMITTED", code(notJoined));
    assertEquals("this relay's policy does not let this API key join the group 'payroll' (it may join"
        + " [billing-workers]); join a group it allows, or ask the relay's operator to allow this one",
        message(notJoined));
    assertTrue(registry.members("payroll").isEmpty());
    // another key (not listed) keeps the default: any name
    keys.put(B, "other");
    assertEquals("ACK", send(router, B, claim("payroll", "p", false)).get("payload").get("type").asText());
  }

  @Test
  void tenantsDoNotSeeEachOthersIdsNamesOrGroups() throws Exception {
    keys.put(A, "acme-1");
    keys.put(B, "acme-2");
    keys.put(C, "globex-1");
    keys.put(D, "shared");
    Router router = router(RelayPolicy.builder()
        .key("acme-1", KeyPolicy.builder().tenant("acme").build())
        .key("acme-2", KeyPolicy.builder().tenant("acme").build())
        .key("globex-1", KeyPolicy.builder().tenant("globex").build()).build());

    // the same name in two tenants: two names
    assertEquals("ACK", send(router, A, claim("billing", "a", false)).get("payload").get("type").asText());
    assertEquals("ACK", send(router, C, claim("billing", "c", false)).get("payload").get("type").asText());
    router.onText(B, "{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"type\":\"REQ\",\"token\":\"r\"}}");
    assertEquals(B, only(A).get("from").asText(), "acme's 'billing' is acme's holder");
    assertTrue(drain(C).isEmpty());
    assertEquals("PEER_GONE", code(send(router, D, "{\"action\":\"probe\",\"name\":\"billing\",\"payload\":{\"token\":\"p\"}}")),
        "the shared space has no 'billing'");

    // another tenant's connection ID is as if it did not exist, and is not forgotten for it
    JsonNode direct = send(router, C, "{\"action\":\"sendmessage\",\"to\":\"" + A
        + "\",\"payload\":{\"type\":\"REQ\",\"v\":2,\"token\":\"x\"}}");
    assertEquals("PEER_GONE", code(direct));
    assertEquals("connection '" + A + "' is not connected", message(direct));
    JsonNode probe = send(router, C, "{\"action\":\"probe\",\"to\":\"" + A + "\",\"payload\":{\"token\":\"p\"}}");
    assertEquals("PEER_GONE", code(probe));
    assertTrue(drain(A).isEmpty(), "nothing reached the other tenant");
    assertEquals(A, registry.holder("acme/billing"));
    router.onText(B, "{\"action\":\"sendmessage\",\"to\":\"" + A + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"y\"}}");
    assertEquals(B, only(A).get("from").asText(), "the same tenant reaches it by ID");

    // groups: each tenant its own, members and events show names without the tenant
    send(router, A, "{\"action\":\"watch\",\"group\":\"workers\",\"payload\":{\"token\":\"w\"}}");
    send(router, C, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}");
    assertTrue(drain(A).isEmpty(), "acme's watcher hears nothing of globex's group");
    send(router, B, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}");
    JsonNode joined = only(A).get("payload");
    assertEquals("JOINED", joined.get("event").asText());
    assertEquals("workers", joined.get("group").asText());
    JsonNode members = send(router, A, "{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
    JsonNode list = members.get("payload").get("ret").get("members");
    assertEquals(1, list.size(), list.toString());
    assertEquals(B, list.get(0).get("id").asText());
    send(router, C, "{\"action\":\"join\",\"group\":\"team\",\"payload\":{\"token\":\"j\"}}");
    send(router, A, "{\"action\":\"join\",\"group\":\"team\",\"payload\":{\"token\":\"j\"}}");
    JsonNode team = send(router, A, "{\"action\":\"members\",\"group\":\"team\",\"payload\":{\"token\":\"m\"}}")
        .get("payload").get("ret").get("members");
    assertEquals(1, team.size(), team.toString());
    assertEquals(List.of("billing"), List.of(team.get(0).get("names").get(0).asText()),
        "a member's names as its tenant knows them");
    router.onText(D, "{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":{\"type\":\"REQ\",\"token\":\"f\"}}");
    JsonNode report = only(D).get("payload").get("ret");
    assertEquals(0, report.get("delivered").size(), "the shared space's 'workers' is empty: " + report);
    assertTrue(drain(B).isEmpty() && drain(C).isEmpty());

    // a disconnect announces to the tenant's watchers, with the bare name
    send(router, B, "{\"action\":\"watch\",\"name\":\"billing\",\"payload\":{\"token\":\"w\"}}");
    router.onDisconnect(A);
    JsonNode released = only(B).get("payload");
    assertEquals("RELEASED", released.get("event").asText());
    assertEquals("billing", released.get("name").asText());
    assertEquals(C, registry.holder("globex/billing"), "globex's name is untouched");
    assertFalse(gateway.sent.stream().anyMatch(f -> f[1].contains("acme/") || f[1].contains("globex/")),
        "no frame shows a tenant");
  }

  @Test
  void aPolicyReadsFromJsonAndBadJsonIsRefusedClearly() {
    RelayPolicy p = RelayPolicy.parse("{\"k7x2\":{\"tenant\":\"acme\",\"claims\":[\"billing.*\"],\"joins\":[],"
        + "\"takeover\":true},\"*\":{\"claims\":[\"guest.*\"]}}");
    assertEquals(RelayPolicy.builder()
        .key("k7x2", KeyPolicy.builder().tenant("acme").claims(List.of("billing.*")).joins(List.of())
            .takeover(true).build())
        .otherKeys(KeyPolicy.builder().claims(List.of("guest.*")).build()).build(), p);
    assertTrue(p.hasTenants());
    assertFalse(p.forKey("k7x2").mayJoin("workers"));
    assertTrue(p.forKey(null).mayClaim("guest.one"));
    assertFalse(p.forKey("unknown").mayClaim("billing.eu"));
    assertEquals(RelayPolicy.DEFAULT, RelayPolicy.parse("  "));
    assertFalse(RelayPolicy.DEFAULT.hasTenants());

    assertTrue(assertThrows(IllegalArgumentException.class, () -> RelayPolicy.parse("{\"k\":{\"claim\":[]}}"))
        .getMessage().contains("unknown field 'claim'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RelayPolicy.parse("{\"k\":{\"claims\":[\"Bad*\"]}}"))
        .getMessage().contains("'Bad*'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RelayPolicy.parse("{\"k\":{\"tenant\":\"a/b\"}}"))
        .getMessage().contains("key 'k'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RelayPolicy.parse("[1]"))
        .getMessage().contains("JSON object"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RelayPolicy.parse("{\"k\":"))
        .getMessage().contains("not JSON"));
  }
}
