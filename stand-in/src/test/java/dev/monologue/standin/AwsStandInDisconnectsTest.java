package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.relay.core.NameRegistry;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.TestClient;
import dev.monologue.wire.Limits;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code $disconnect} as API Gateway gives it, best effort: with the real close code, early (before messages of the
 * connection still in flight) or lost; names and memberships in DynamoDB (dynalite) stay consistent under each.
 */
class AwsStandInDisconnectsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @RegisterExtension static final SharedDynalite dynalite = new SharedDynalite();

  private static JsonNode payload(String frame) throws Exception {
    return MAPPER.readTree(frame).get("payload");
  }

  private static String claim(String name) {
    return "{\"action\":\"claim\",\"name\":\"" + name + "\",\"payload\":{\"token\":\"c\"}}";
  }

  private static String join(String group) {
    return "{\"action\":\"join\",\"group\":\"" + group + "\",\"payload\":{\"token\":\"j\"}}";
  }

  private static JsonNode disconnectOf(AwsStandIn aws, String id) throws Exception {
    for (String json : aws.disconnectEvents()) {
      JsonNode rc = MAPPER.readTree(json).get("requestContext");
      if (rc.get("connectionId").asText().equals(id)) {
        return rc;
      }
    }
    return null;
  }

  private static JsonNode awaitDisconnectOf(AwsStandIn aws, String id) throws Exception {
    Awaits.eventually("the $disconnect event of " + id, () -> {
      try {
        return disconnectOf(aws, id) != null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    return disconnectOf(aws, id);
  }

  @Test
  void theDisconnectEventCarriesTheRealCloseCodeAndReason() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().start();
        TestClient normal = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient goingAway = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient dropped = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient oversized = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String normalId = normal.id();
      String goingAwayId = goingAway.id();
      String droppedId = dropped.id();
      String oversizedId = oversized.id();
      normal.closeBlocking();
      goingAway.close(1001, "shutting down");
      dropped.getSocket().close(); // no close frame: the front sees the connection drop
      oversized.send("{\"action\":\"sendmessage\",\"payload\":\"" + "x".repeat(Limits.MAX_MESSAGE_BYTES) + "\"}");

      JsonNode rc = awaitDisconnectOf(aws, normalId);
      assertEquals(1000, rc.get("disconnectStatusCode").asInt(), rc.toString());
      rc = awaitDisconnectOf(aws, goingAwayId);
      assertEquals(1001, rc.get("disconnectStatusCode").asInt(), rc.toString());
      assertEquals("shutting down", rc.get("disconnectReason").asText());
      rc = awaitDisconnectOf(aws, droppedId);
      assertEquals(1006, rc.get("disconnectStatusCode").asInt(), rc.toString());
      rc = awaitDisconnectOf(aws, oversizedId);
      assertEquals(1009, rc.get("disconnectStatusCode").asInt(), rc.toString());
    }
  }

  @Test
  void aClaimAJoinAndAWatchOvertakenByAnEarlyDisconnectLeaveNothingBehind() throws Exception {
    BlockingHandler blocking = new BlockingHandler();
    try (AwsStandIn aws = AwsStandIn.builder().concurrency(1).namesTable(dynalite.endpoint())
        .disconnects(DisconnectDelivery.EARLY).wrapWebSocketHandler(blocking).start();
        TestClient busy = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient claiming = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient joining = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient watching = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient other = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String busyId = busy.id();
      String claimingId = claiming.id();
      String joiningId = joining.id();
      String watchingId = watching.id();
      other.send(join("workers"));
      assertEquals("ACK", payload(other.next()).get("type").asText());

      blocking.block(busyId);
      busy.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"w\"}}"); // holds the function's one instance
      assertTrue(blocking.blocked.await(30, TimeUnit.SECONDS), "the busy client's invocation never started");
      blocking.record(claimingId, joiningId, watchingId);
      claiming.send(claim("billing"));
      claiming.closeBlocking();
      joining.send(join("workers"));
      joining.closeBlocking();
      watching.send("{\"action\":\"watch\",\"group\":\"auditors\",\"payload\":{\"token\":\"w\"}}");
      watching.closeBlocking();
      for (String id : List.of(claimingId, joiningId, watchingId)) {
        awaitDisconnectOf(aws, id); // closed while their messages wait for the function
      }
      blocking.release.countDown();

      Awaits.eventually("the $disconnect and the message of each leaving client invoked",
          () -> blocking.recorded.size() == 6);
      for (String id : List.of(claimingId, joiningId, watchingId)) {
        assertEquals(List.of(id + " DISCONNECT", id + " MESSAGE"),
            blocking.recorded.stream().filter(e -> e.startsWith(id)).toList(),
            "the early $disconnect came before the message received before it");
      }
      assertNull(aws.names().holder("billing"), "a claim that lands after the disconnect holds no name");
      assertEquals(List.of(new NameRegistry.Member(other.id(), List.of())), aws.names().members("workers"),
          "a join that lands after the disconnect is no membership");
      assertEquals(List.of(), aws.names().watchers(NameRegistry.Topic.group("auditors")),
          "a watch that lands after the disconnect watches nothing");
      other.send(claim("billing"));
      assertEquals("ACK", payload(other.next()).get("type").asText());
    }
  }

  @Test
  void aLateClaimOfTheSameMachinesOldConnectionLeavesTheNameWithItsNewOne() throws Exception {
    BlockingHandler blocking = new BlockingHandler();
    try (AwsStandIn aws = AwsStandIn.builder().concurrency(1).namesTable(dynalite.endpoint())
        .disconnects(DisconnectDelivery.EARLY).wrapWebSocketHandler(blocking).start();
        TestClient busy = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient old = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient renewed = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient watcher = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String busyId = busy.id();
      String oldId = old.id();
      String renewedId = renewed.id();
      watcher.send("{\"action\":\"watch\",\"name\":\"billing\",\"payload\":{\"token\":\"w\"}}");
      assertEquals("ACK", payload(watcher.next()).get("type").asText());
      String keyed = "{\"action\":\"claim\",\"name\":\"billing\",\"key\":\"machine-secret-1\","
          + "\"payload\":{\"token\":\"c\"}}";

      blocking.block(busyId);
      busy.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"w\"}}");
      assertTrue(blocking.blocked.await(30, TimeUnit.SECONDS), "the busy client's invocation never started");
      blocking.record(oldId);
      old.send(keyed); // the machine's claim on its old connection, which then drops
      old.closeBlocking();
      awaitDisconnectOf(aws, oldId);
      renewed.send(keyed); // the same machine, reconnected, claims again
      blocking.release.countDown();

      JsonNode granted = payload(renewed.next());
      assertEquals("ACK", granted.get("type").asText(), granted.toString());
      Awaits.eventually("the old connection's $disconnect and late claim invoked", () -> blocking.recorded.size() == 2);
      assertEquals(List.of(oldId + " DISCONNECT", oldId + " MESSAGE"), blocking.recorded);
      assertEquals(renewedId, aws.names().holder("billing"), "the late claim did not take the name from the machine");
      watcher.send("{\"action\":\"members\",\"group\":\"nobody\",\"payload\":{\"token\":\"m\"}}");
      JsonNode event = payload(watcher.next());
      assertEquals("EVENT", event.get("type").asText(), event.toString());
      assertEquals("CLAIMED", event.get("event").asText(), event.toString());
      assertEquals(renewedId, event.get("id").asText(), event.toString());
      JsonNode next = payload(watcher.next());
      assertEquals("ACK", next.get("type").asText(), "the watcher heard nothing of the late claim: " + next);
      assertTrue(renewed.received.isEmpty(), "the holder was told nothing: " + renewed.received);
    }
  }

  @Test
  void withLostDisconnectsACallToTheNameFailsFastAndAnotherMachineClaimsIt() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint())
        .disconnects(DisconnectDelivery.LOST).start();
        TestClient vanishing = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient caller = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient successor = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String vanishingId = vanishing.id();
      vanishing.send(claim("billing"));
      assertEquals("ACK", payload(vanishing.next()).get("type").asText());
      vanishing.send(claim("ledger"));
      assertEquals("ACK", payload(vanishing.next()).get("type").asText());
      vanishing.send(join("workers"));
      assertEquals("ACK", payload(vanishing.next()).get("type").asText());
      successor.send(join("workers"));
      assertEquals("ACK", payload(successor.next()).get("type").asText());
      vanishing.getSocket().close();
      Awaits.eventually("the stand-in to see the connection go", () -> !aws.isConnected(vanishingId));
      assertEquals(vanishingId, aws.names().holder("billing"), "no $disconnect came: the table still has it");

      caller.send("{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"token\":\"t1\"}}");
      JsonNode error = payload(caller.next());
      assertEquals("PEER_GONE", error.get("error").get("code").asText(), error.toString());
      assertNull(aws.names().holder("ledger"), "its other names went with it");

      caller.send("{\"action\":\"sendall\",\"group\":\"workers\",\"payload\":{\"token\":\"f\"}}");
      assertEquals("{\"token\":\"f\"}", payload(successor.next()).toString());
      JsonNode report = payload(caller.next()).get("ret");
      assertEquals(1, report.get("delivered").size(), report.toString());
      assertEquals(0, report.get("failed").size(), "the gone member was forgotten: " + report);
      assertFalse(aws.disconnectEvents().stream().anyMatch(e -> e.contains(vanishingId)));
      assertEquals(0, aws.invocations("$disconnect"));
    }
  }

  @Test
  void withLostDisconnectsAnotherMachinesClaimFindsTheHolderGone() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint())
        .disconnects(DisconnectDelivery.LOST).start();
        TestClient vanishing = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient successor = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String vanishingId = vanishing.id();
      vanishing.send(claim("billing"));
      assertEquals("ACK", payload(vanishing.next()).get("type").asText());
      vanishing.closeBlocking();
      Awaits.eventually("the stand-in to see the connection go", () -> !aws.isConnected(vanishingId));
      assertEquals(vanishingId, aws.names().holder("billing"));

      successor.send(claim("billing"));
      JsonNode granted = payload(successor.next());
      assertEquals("ACK", granted.get("type").asText(), granted.toString());
      assertFalse(granted.get("ret").get("tookOver").asBoolean(), "the name was free once its holder was found gone");
      assertEquals(successor.id(), aws.names().holder("billing"));
    }
  }

  @Test
  void withLostDisconnectsAMachineBackOnANewConnectionLeavesNoTraceOfItsOldOne() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint())
        .disconnects(DisconnectDelivery.LOST).start();
        TestClient old = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient renewed = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String oldId = old.id();
      String keyed = "{\"action\":\"claim\",\"name\":\"ledger\",\"key\":\"machine-secret-1\","
          + "\"payload\":{\"token\":\"c\"}}";
      for (String frame : List.of(keyed, join("auditors"))) {
        old.send(frame);
        assertEquals("ACK", payload(old.next()).get("type").asText());
      }
      old.closeBlocking();
      Awaits.eventually("the stand-in to see the connection go", () -> !aws.isConnected(oldId));

      renewed.send(keyed);
      JsonNode granted = payload(renewed.next());
      assertEquals("ACK", granted.get("type").asText(), granted.toString());
      renewed.send(join("auditors"));
      assertEquals("ACK", payload(renewed.next()).get("type").asText());
      // the relay found the old connection gone before it acknowledged the renewed claim
      assertEquals(List.of(new NameRegistry.Member(renewed.id(), List.of("ledger"))),
          aws.names().members("auditors"), "the old connection's membership went when its name moved");
    }
  }

  /** Holds one connection's invocations until released, and records others' event types in order. */
  private static final class BlockingHandler
      implements UnaryOperator<RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> {
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> recorded = new CopyOnWriteArrayList<>();
    private volatile String blockedId;
    private volatile Set<String> recordedIds = Set.of();

    void block(String id) {
      blockedId = id;
    }

    void record(String... ids) {
      recordedIds = Set.of(ids);
    }

    @Override
    public RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> apply(
        RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> real) {
      return (event, context) -> {
        String id = event.getRequestContext().getConnectionId();
        if (id.equals(blockedId)) {
          blocked.countDown();
          try {
            if (!release.await(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("not released within 30 s");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
        APIGatewayV2WebSocketResponse response = real.handleRequest(event, context);
        if (recordedIds.contains(id)) {
          recorded.add(id + " " + event.getRequestContext().getEventType());
        }
        return response;
      };
    }
  }
}
