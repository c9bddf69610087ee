package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stand-in's events as the Lambda runtime's serializer reads them. */
class LambdaEventsTest {
  private final LambdaEvents events = new LambdaEvents("abc123", "test", "abc123.execute-api.us-east-1.amazonaws.com");
  private final StandInConnection c =
      new StandInConnection("local", "L0SM9cOFvHcCIhw=", Instant.ofEpochMilli(1_700_000_000_000L), "127.0.0.1", "ua");

  @Test
  void routeSelectionFollowsTheActionLikeApiGateway() {
    assertEquals("whoami", events.routeKey("{\"action\":\"whoami\",\"payload\":{}}"));
    assertEquals("loopback", events.routeKey("{\"payload\":{},\"action\":\"loopback\"}"));
    assertEquals("sendmessage", events.routeKey("{\"action\":\"sendmessage\"}"));
    assertEquals("$default", events.routeKey("{\"action\":\"shout\"}"));
    assertEquals("$default", events.routeKey("{\"action\":1}"));
    assertEquals("$default", events.routeKey("not json"));
    assertEquals("$default", events.routeKey("whoami"), "the bare whoami of second-generation clients");
    assertEquals("$default", events.routeKey("[\"whoami\"]"));
  }

  @Test
  void connectEventCarriesTheConnectionAndHeaders() {
    APIGatewayV2WebSocketEvent e = events.webSocketEvent(events.connect(c, Map.of("x-api-key", "k1")));
    APIGatewayV2WebSocketEvent.RequestContext rc = e.getRequestContext();
    assertEquals("CONNECT", rc.getEventType());
    assertEquals("$connect", rc.getRouteKey());
    assertEquals("L0SM9cOFvHcCIhw=", rc.getConnectionId());
    assertEquals("test", rc.getStage());
    assertEquals("abc123", rc.getApiId());
    assertEquals("abc123.execute-api.us-east-1.amazonaws.com", rc.getDomainName());
    assertEquals(1_700_000_000_000L, rc.getConnectedAt());
    assertEquals("k1", e.getHeaders().get("x-api-key"));
    assertEquals(List.of("k1"), e.getMultiValueHeaders().get("x-api-key"));
    assertEquals("127.0.0.1", rc.getIdentity().getSourceIp());
  }

  @Test
  void messageAndDisconnectEvents() {
    APIGatewayV2WebSocketEvent m = events.webSocketEvent(events.message(c, "sendmessage", "{\"x\":\"é\"}", false));
    assertEquals("MESSAGE", m.getRequestContext().getEventType());
    assertEquals("sendmessage", m.getRequestContext().getRouteKey());
    assertEquals("{\"x\":\"é\"}", m.getBody());
    assertFalse(m.isIsBase64Encoded());
    assertFalse(m.getRequestContext().getMessageId().isEmpty());
    assertTrue(events.webSocketEvent(events.message(c, "$default", "", true)).isIsBase64Encoded());

    String json = events.disconnect(c, 1006, "");
    assertTrue(json.contains("\"disconnectStatusCode\":1006"), json);
    assertTrue(json.contains("\"disconnectReason\":\"\""), json);
    APIGatewayV2WebSocketEvent d = events.webSocketEvent(json);
    assertEquals("DISCONNECT", d.getRequestContext().getEventType());
    assertEquals("$disconnect", d.getRequestContext().getRouteKey());
  }

  @Test
  void queueEventsAndResponsesRoundTrip() {
    List<String> ids = new ArrayList<>();
    SQSEvent e = events.queueEvent(events.queueBatch(List.of("{\"a\":1}", "b"), "arn:aws:sqs:us-east-1:1:q", ids));
    assertEquals(2, e.getRecords().size());
    assertEquals(ids.get(0), e.getRecords().get(0).getMessageId());
    assertEquals("{\"a\":1}", e.getRecords().get(0).getBody());
    assertEquals("aws:sqs", e.getRecords().get(1).getEventSource());
    assertEquals("1", e.getRecords().get(1).getAttributes().get("ApproximateReceiveCount"));

    assertEquals(List.of("m2"), events.batchItemFailures(
        new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("m2")))));
    APIGatewayV2WebSocketResponse ok = new APIGatewayV2WebSocketResponse();
    ok.setStatusCode(200);
    assertEquals(200, events.statusCode(ok));
    assertEquals(502, events.statusCode(null));
  }
}
