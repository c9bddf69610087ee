package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameRoutingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String A = "AAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "BBBBBBBBBBBBBBBBBBBBBB";
  private static final String C = "CCCCCCCCCCCCCCCCCCCCCC";
  private static final String D = "DDDDDDDDDDDDDDDDDDDDDD";

  private final RouterTest.RecordingGateway gateway = new RouterTest.RecordingGateway();
  private final MutableClock clock = new MutableClock();
  private final InMemoryNameRegistry registry = new InMemoryNameRegistry(clock);
  private final Router router = new Router(gateway, 4096, registry);

  /** The frames sent to {@code to}, in order; forgets them. */
  private List<JsonNode> drain(String to) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String[] f : gateway.sent) {
      if (f[0].equals(to)) {
        JsonNode frame = MAPPER.readTree(f[1]);
        assertEquals(to, frame.get("to").asText(), f[1]);
        out.add(frame);
      }
    }
    gateway.sent.removeIf(f -> f[0].equals(to));
    return out;
  }

  private JsonNode onlyPayload(String to) throws Exception {
    List<JsonNode> frames = drain(to);
    assertEquals(1, frames.size(), "frames to " + to + ": " + frames);
    return frames.get(0).get("payload");
  }

  private String errorCode(JsonNode payload) {
    assertEquals("ERR", payload.get("type").asText(), payload.toString());
    assertEquals("relay", payload.get("error").get("source").asText());
    return payload.get("error").get("code").asText();
  }

  private JsonNode claim(String id, String name, String extra) throws Exception {
    router.onText(id, "{\"action\":\"claim\",\"name\":\"" + name + "\"" + extra + ",\"payload\":{\"token\":\"c\"}}");
    return onlyPayload(id);
  }

  @Test
  void aNameIsExclusiveAndTheRefusalGivesTheHoldersAgeNotItsId() throws Exception {
    JsonNode granted = claim(A, "billing", "");
    assertEquals("ACK", granted.get("type").asText());
    assertEquals("c", granted.get("token").asText());
    assertEquals("billing", granted.get("ret").get("name").asText());
    assertFalse(granted.get("ret").get("tookOver").asBoolean());

    clock.advance(Duration.ofSeconds(42));
    JsonNode refused = claim(B, "billing", "");
    assertEquals("NAME_TAKEN", errorCode(refused));
    assertEquals("c", refused.get("token").asText());
    assertEquals(42_000, refused.get("error").get("heldForMillis").asLong());
    assertTrue(refused.get("error").get("message").asText().contains("claimed 42 s ago"), refused.toString());
    assertFalse(refused.toString().contains(A), "the refusal must not reveal the holder's ID: " + refused);
    assertEquals(A, registry.holder("billing"));

    assertEquals("ACK", claim(A, "billing", "").get("type").asText(), "claiming again is harmless");
  }

  @Test
  void takeoverMovesTheNameAndTellsThePreviousHolder() throws Exception {
    Router router = new Router(gateway, 4096, registry,
        RelayPolicy.builder().otherKeys(KeyPolicy.builder().takeover(true).build()).build(), ConnectionKeys.UNKNOWN);
    claim(A, "billing", "");
    router.onText(B, "{\"action\":\"claim\",\"name\":\"billing\",\"takeover\":true,\"payload\":{\"token\":\"t\"}}");
    JsonNode ack = onlyPayload(B);
    assertTrue(ack.get("ret").get("tookOver").asBoolean());
    assertEquals(B, registry.holder("billing"));
    JsonNode event = onlyPayload(A);
    assertEquals("EVENT", event.get("type").asText());
    assertEquals("RELEASED", event.get("event").asText());
    assertEquals("billing", event.get("name").asText());
  }

  @Test
  void theSameKeyRenewsOnANewConnectionAndAnotherKeyIsRefused() throws Exception {
    claim(A, "billing", ",\"key\":\"secret-1\"");
    assertEquals("NAME_TAKEN", errorCode(claim(B, "billing", ",\"key\":\"secret-2\"")));
    assertEquals("NAME_TAKEN", errorCode(claim(B, "billing", "")));
    JsonNode renewed = claim(C, "billing", ",\"key\":\"secret-1\"");
    assertEquals("ACK", renewed.get("type").asText());
    assertEquals(C, registry.holder("billing"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "$relay", "$queue", "Billing", "9lives", "bill ing", "billing="})
  void badNamesAreRefusedClearly(String name) throws Exception {
    JsonNode refused = claim(A, name, "");
    assertEquals("BAD_NAME", errorCode(refused));
    assertNull(registry.holder(name));
    String message = refused.get("error").get("message").asText();
    assertTrue(message.startsWith("name "), message);
  }

  @Test
  void aNameOverSixtyFourCharactersIsRefused() throws Exception {
    assertEquals("ACK", claim(A, "a" + "b".repeat(63), "").get("type").asText());
    JsonNode refused = claim(A, "a" + "b".repeat(64), "");
    assertEquals("BAD_NAME", errorCode(refused));
    assertTrue(refused.get("error").get("message").asText().contains("65 characters long; at most 64"));
  }

  @Test
  void aNameFieldOfTheWrongTypeIsMalformedButIgnoredBySendmessage() throws Exception {
    router.onText(A, "{\"action\":\"claim\",\"name\":5,\"payload\":{\"token\":\"c\"}}");
    assertEquals("MALFORMED_FRAME", errorCode(onlyPayload(A)));
    router.onText(A, "{\"action\":\"sendmessage\",\"to\":\"" + B + "\",\"name\":5,\"payload\":{\"x\":1}}");
    assertEquals("{\"x\":1}", onlyPayload(B).toString(), "original frames with such fields route as before");
  }

  @Test
  void onlyTheHolderReleases() throws Exception {
    claim(A, "billing", "");
    router.onText(B, "{\"action\":\"release\",\"name\":\"billing\",\"payload\":{\"token\":\"r\"}}");
    assertEquals("NAME_NOT_HELD", errorCode(onlyPayload(B)));
    assertEquals(A, registry.holder("billing"));
    router.onText(A, "{\"action\":\"release\",\"name\":\"billing\",\"payload\":{\"token\":\"r\"}}");
    assertEquals("ACK", onlyPayload(A).get("type").asText());
    assertNull(registry.holder("billing"));
  }

  @Test
  void aMessageToANameGoesToItsHolderInOneHop() throws Exception {
    claim(A, "billing", "");
    router.onText(B, "{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"token\":\"m\",\"n\":1}}");
    JsonNode delivered = drain(A).get(0);
    assertEquals(A, delivered.get("to").asText());
    assertEquals(B, delivered.get("from").asText());
    assertEquals("{\"token\":\"m\",\"n\":1}", delivered.get("payload").toString());

    router.onText(B, "{\"action\":\"sendmessage\",\"name\":\"nobody\",\"payload\":{\"token\":\"n\"}}");
    JsonNode gone = onlyPayload(B);
    assertEquals("PEER_GONE", errorCode(gone));
    assertEquals("n", gone.get("token").asText());
    assertTrue(gone.get("error").get("message").asText().contains("'nobody'"));
  }

  @Test
  void aProbeOfANameAsksAboutItsHolder() throws Exception {
    claim(A, "billing", "");
    router.onText(B, "{\"action\":\"probe\",\"name\":\"billing\",\"payload\":{\"token\":\"p\"}}");
    JsonNode alive = onlyPayload(B);
    assertEquals("ACK", alive.get("type").asText(), alive.toString());
    assertTrue(alive.get("ret").get("connected").asBoolean());
    router.onText(B, "{\"action\":\"probe\",\"name\":\"nobody\",\"payload\":{\"token\":\"q\"}}");
    JsonNode free = onlyPayload(B);
    assertEquals("PEER_GONE", errorCode(free));
    assertTrue(free.get("error").get("message").asText().contains("'nobody'"), free.toString());
    gateway.results.put(A, Delivery.GONE);
    router.onText(B, "{\"action\":\"probe\",\"name\":\"billing\",\"payload\":{\"token\":\"r\"}}");
    assertEquals("PEER_GONE", errorCode(onlyPayload(B)));
  }

  @Test
  void aHolderFoundGoneLosesItsNamesAtOnce() throws Exception {
    claim(A, "billing", "");
    router.onText(A, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    drain(A);
    router.onText(D, "{\"action\":\"watch\",\"name\":\"billing\",\"payload\":{\"token\":\"w\"}}");
    drain(D);
    gateway.results.put(A, Delivery.GONE);
    router.onText(B, "{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"token\":\"m\"}}");
    assertEquals("PEER_GONE", errorCode(onlyPayload(B)));
    assertEquals("RELEASED", onlyPayload(D).get("event").asText(), "the name's watcher is told");
    assertNull(registry.holder("billing"));
    assertEquals(List.of(), registry.members("workers"));
    assertEquals("ACK", claim(C, "billing", "").get("type").asText());
  }

  @Test
  void aClaimOfANameWhoseHolderVanishedWithoutADisconnectIsGranted() throws Exception {
    claim(A, "billing", "");
    router.onText(A, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    drain(A);
    router.onText(C, "{\"action\":\"watch\",\"name\":\"billing\",\"payload\":{\"token\":\"w\"}}");
    drain(C);
    gateway.results.put(A, Delivery.GONE); // no $disconnect was seen: the relay still has A as the holder
    JsonNode granted = claim(B, "billing", "");
    assertEquals("ACK", granted.get("type").asText(), granted.toString());
    assertEquals(B, registry.holder("billing"));
    assertEquals(List.of(), registry.members("workers"), "everything the vanished holder held is released");
    List<JsonNode> told = drain(C);
    assertEquals(List.of("RELEASED " + A, "CLAIMED " + B), told.stream()
        .map(f -> f.get("payload").get("event").asText() + " " + f.get("payload").get("id").asText()).toList());

    JsonNode refused = claim(C, "billing", "");
    assertEquals("NAME_TAKEN", errorCode(refused), "a live holder still keeps its name");
    assertEquals(B, registry.holder("billing"));
  }

  @Test
  void disconnectReleasesNamesAndMembershipsAndWatchersAreTold() throws Exception {
    router.onText(C, "{\"action\":\"watch\",\"name\":\"billing\",\"payload\":{\"token\":\"w1\"}}");
    JsonNode watchAck = onlyPayload(C);
    assertEquals("billing", watchAck.get("ret").get("name").asText());
    assertFalse(watchAck.get("ret").has("id"), "nobody holds it yet");
    router.onText(C, "{\"action\":\"watch\",\"group\":\"workers\",\"payload\":{\"token\":\"w2\"}}");
    drain(C);

    router.onText(A, "{\"action\":\"claim\",\"name\":\"billing\",\"payload\":{\"token\":\"c\"}}");
    router.onText(A, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}");
    List<JsonNode> events = drain(C);
    assertEquals(2, events.size(), events.toString());
    assertEquals("CLAIMED", events.get(0).get("payload").get("event").asText());
    assertEquals(A, events.get(0).get("payload").get("id").asText());
    assertEquals("JOINED", events.get(1).get("payload").get("event").asText());
    assertEquals("workers", events.get(1).get("payload").get("group").asText());

    router.onDisconnect(A);
    assertNull(registry.holder("billing"));
    assertEquals(List.of(), registry.members("workers"));
    events = drain(C);
    assertEquals(2, events.size(), events.toString());
    assertEquals("RELEASED", events.get(0).get("payload").get("event").asText());
    assertEquals("LEFT", events.get(1).get("payload").get("event").asText());
    assertEquals(A, events.get(1).get("payload").get("id").asText());
  }

  @Test
  void membersListsEachMemberWithItsNames() throws Exception {
    claim(A, "sensor-17", "");
    router.onText(A, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    router.onText(B, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    router.onText(B, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"again\"}}");
    drain(A);
    assertFalse(drain(B).get(1).get("payload").get("ret").get("changed").asBoolean());
    router.onText(C, "{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
    JsonNode ret = onlyPayload(C).get("ret");
    assertEquals("[{\"id\":\"" + A + "\",\"names\":[\"sensor-17\"]},{\"id\":\"" + B + "\",\"names\":[]}]",
        ret.get("members").toString());
    router.onText(B, "{\"action\":\"leave\",\"group\":\"workers\",\"payload\":{}}");
    assertEquals(1, registry.members("workers").size());
  }

  @Test
  void sendanySpreadsOverMembersAndSkipsAGoneOneWithoutWaiting() throws Exception {
    for (String id : List.of(A, B, C)) {
      router.onText(id, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    }
    gateway.sent.clear();
    Map<String, Integer> got = new HashMap<>();
    for (int i = 0; i < 9; i++) {
      router.onText(A, "{\"action\":\"sendany\",\"group\":\"workers\",\"payload\":{\"token\":\"" + i + "\"}}");
    }
    for (String[] f : gateway.sent) {
      got.merge(f[0], 1, Integer::sum);
    }
    assertEquals(Map.of(A, 3, B, 3, C, 3), got);

    gateway.sent.clear();
    gateway.results.put(B, Delivery.GONE);
    for (int i = 0; i < 4; i++) {
      router.onText(A, "{\"action\":\"sendany\",\"group\":\"workers\",\"payload\":{\"token\":\"g" + i + "\"}}");
    }
    long delivered = gateway.sent.stream().filter(f -> !f[0].equals(B)).count();
    assertEquals(4, delivered, "every call reached a live member, none failed");
    assertEquals(List.of(A, C), registry.members("workers").stream().map(NameRegistry.Member::id).toList());

    gateway.results.put(A, Delivery.GONE);
    gateway.results.put(C, Delivery.GONE);
    gateway.sent.clear();
    router.onText(A, "{\"action\":\"sendany\",\"group\":\"workers\",\"payload\":{\"token\":\"last\"}}");
    JsonNode none = MAPPER.readTree(gateway.sent.get(gateway.sent.size() - 1)[1]).get("payload");
    assertEquals("NO_MEMBERS", errorCode(none));
    assertEquals("last", none.get("token").asText());
  }

  @Test
  void sendanyToAGroupWhoseLiveMembersAreAllBusyIsAnsweredPeerBusy() throws Exception {
    for (String id : List.of(B, C, D)) {
      router.onText(id, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    }
    gateway.results.put(B, Delivery.BUSY);
    gateway.results.put(C, Delivery.BUSY);
    gateway.results.put(D, Delivery.GONE);
    gateway.sent.clear();
    router.onText(A, "{\"action\":\"sendany\",\"group\":\"workers\",\"payload\":{\"token\":\"t\"}}");
    JsonNode busy = onlyPayload(A);
    assertEquals("PEER_BUSY", errorCode(busy));
    assertEquals("t", busy.get("token").asText());
    assertTrue(busy.get("error").get("message").asText().contains("workers"), busy.toString());
    assertEquals(List.of(B, C), registry.memberIds("workers"), "busy members stay; the gone one went");
  }

  @Test
  void aMemberSilentPastItsLeaseLeavesItsGroupsAndGroupCallsStopReachingIt() throws Exception {
    Map<String, Duration> silence = new HashMap<>(Map.of(A, Duration.ZERO, B, Duration.ZERO, C, Duration.ZERO));
    List<String> closed = new ArrayList<>();
    RouterTest.RecordingGateway leased = new RouterTest.RecordingGateway() {
      @Override
      public Duration silence(String connectionId) {
        return silence.get(connectionId);
      }

      @Override
      public boolean close(String connectionId) {
        closed.add(connectionId);
        return true;
      }
    };
    Router r = new Router(leased, 4096, registry, Duration.ofSeconds(3));
    for (String id : List.of(B, C)) {
      r.onText(id, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}");
      JsonNode ack = MAPPER.readTree(leased.sent.get(leased.sent.size() - 1)[1]).get("payload");
      assertEquals(3000, ack.get("ret").get("leaseMillis").asLong(), "a join tells the member its lease");
    }
    silence.put(C, Duration.ofSeconds(4)); // C's link died without a close
    leased.sent.clear();
    r.onText(A, "{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
    JsonNode members = MAPPER.readTree(leased.sent.get(leased.sent.size() - 1)[1]).get("payload");
    assertEquals(1, members.get("ret").get("members").size(), members.toString());
    assertEquals(B, members.get("ret").get("members").get(0).get("id").asText());
    assertEquals(List.of(C), closed, "the silent member's connection is closed, so its client joins again");

    // the same for a member found silent by sendany and by sendall
    r.onText(D, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    silence.put(D, Duration.ofSeconds(5));
    leased.sent.clear();
    for (int i = 0; i < 4; i++) {
      r.onText(A, "{\"action\":\"sendany\",\"group\":\"workers\",\"payload\":{\"token\":\"" + i + "\"}}");
    }
    assertTrue(leased.sent.stream().allMatch(f -> f[0].equals(B)), "every sendany went to the live member");
    assertEquals(4, leased.sent.size());
    r.onText(C, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    silence.put(C, Duration.ofSeconds(6));
    leased.sent.clear();
    r.onText(A, "{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":{\"token\":\"all\"}}");
    assertEquals(List.of(B, A), leased.sent.stream().map(f -> f[0]).toList(), "only B got it; A got the report");
    JsonNode report = MAPPER.readTree(leased.sent.get(1)[1]).get("payload");
    assertEquals("PEER_GONE", report.get("ret").get("failed").get(0).get("code").asText(), report.toString());
    assertEquals(List.of(B), registry.memberIds("workers"));
    assertEquals(List.of(C, D, C), closed);
  }

  @Test
  void sendanyTakesEachGroupsMembersInTurnWhenCallsToTwoGroupsInterleave() throws Exception {
    for (String id : List.of(A, B)) {
      router.onText(id, "{\"action\":\"join\",\"group\":\"alpha\",\"payload\":{}}");
    }
    for (String id : List.of(C, D)) {
      router.onText(id, "{\"action\":\"join\",\"group\":\"beta\",\"payload\":{}}");
    }
    gateway.sent.clear();
    for (int i = 0; i < 8; i++) {
      for (String group : List.of("alpha", "beta")) {
        router.onText(A, "{\"action\":\"sendany\",\"group\":\"" + group + "\",\"payload\":{\"token\":\"" + i
            + "\"}}");
      }
    }
    Map<String, Integer> got = new HashMap<>();
    for (String[] f : gateway.sent) {
      got.merge(f[0], 1, Integer::sum);
    }
    assertEquals(Map.of(A, 4, B, 4, C, 4, D, 4), got, "each group's members in turn");
  }

  @Test
  void sendanyStartsAtARandomMemberOnEachRelayInstance() {
    Set<String> first = new HashSet<>();
    for (int instance = 0; instance < 30; instance++) {
      RouterTest.RecordingGateway fresh = new RouterTest.RecordingGateway();
      Router relay = new Router(fresh, 4096, registry); // the same registry, as relay instances on AWS share one
      if (instance == 0) {
        for (String id : List.of(A, B, C)) {
          relay.onText(id, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
        }
        fresh.sent.clear();
      }
      relay.onText(D, "{\"action\":\"sendany\",\"group\":\"workers\",\"payload\":{\"token\":\"t\"}}");
      assertEquals(1, fresh.sent.size());
      first.add(fresh.sent.get(0)[0]);
    }
    // all 30 instances starting at the same member by chance: 3 * (1/3)^30
    assertTrue(first.size() > 1, "every relay instance sent its first call to " + first);
  }

  @Test
  void roundRobinRemembersABoundedNumberOfGroups() {
    RoundRobin turns = new RoundRobin();
    for (int g = 0; g < RoundRobin.MAX_GROUPS * 2; g++) {
      turns.next("group-" + g, 3);
    }
    assertEquals(RoundRobin.MAX_GROUPS, turns.size());
    int start = turns.next("busy", 5);
    for (int i = 1; i <= 12; i++) {
      assertEquals((start + i) % 5, turns.next("busy", 5));
    }
  }

  @Test
  void sendallDeliversToEveryMemberAndReportsEach() throws Exception {
    for (String id : List.of(A, B)) {
      router.onText(id, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    }
    gateway.sent.clear();
    gateway.results.put(B, Delivery.GONE);
    router.onText(C, "{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":{\"token\":\"f\",\"type\":\"REQ\"}}");
    assertEquals("{\"token\":\"f\",\"type\":\"REQ\"}", onlyPayload(A).toString());
    JsonNode report = drain(C).get(0).get("payload");
    assertEquals("FANOUT", report.get("type").asText());
    assertEquals("f", report.get("token").asText());
    assertEquals("workers", report.get("ret").get("group").asText());
    assertEquals("[{\"id\":\"" + A + "\"}]", report.get("ret").get("delivered").toString());
    assertEquals("[{\"id\":\"" + B + "\",\"code\":\"PEER_GONE\"}]", report.get("ret").get("failed").toString());
  }

  @Test
  void sendallReadsOnlyMemberIdsAndReportsAfterDeliveringInMemberOrder() throws Exception {
    InMemoryNameRegistry backing = new InMemoryNameRegistry(clock);
    // a registry whose members() (one read per member for names, on AWS) must not be used by sendall
    NameRegistry idsOnly = (NameRegistry) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {NameRegistry.class}, (proxy, method, args) -> {
          if (method.getName().equals("members")) {
            throw new AssertionError("sendall read the members' names");
          }
          try {
            return method.invoke(backing, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Router ids = new Router(gateway, 4096, idsOnly);
    for (String id : List.of(B, A)) {
      ids.onText(id, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    }
    gateway.sent.clear();
    ids.onText(C, "{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":{\"token\":\"f\"}}");
    assertEquals(List.of(B, A, C), gateway.sent.stream().map(f -> f[0]).toList(),
        "each member in the registry's order, then the report to the sender");
    JsonNode report = MAPPER.readTree(gateway.sent.get(2)[1]).get("payload");
    assertEquals("[{\"id\":\"" + B + "\"},{\"id\":\"" + A + "\"}]", report.get("ret").get("delivered").toString());
  }

  @Test
  void watchWithNeitherOrBothTargetsIsMalformed() throws Exception {
    router.onText(A, "{\"action\":\"watch\",\"payload\":{\"token\":\"w\"}}");
    assertEquals("MALFORMED_FRAME", errorCode(onlyPayload(A)));
    router.onText(A, "{\"action\":\"watch\",\"name\":\"a\",\"group\":\"b\",\"payload\":{\"token\":\"w\"}}");
    assertEquals("MALFORMED_FRAME", errorCode(onlyPayload(A)));
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
