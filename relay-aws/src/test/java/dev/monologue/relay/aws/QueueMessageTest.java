package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueueMessageTest {
  private final JsonFactory json = new JsonFactory();

  @Test
  void findsTargetAndPayloadVerbatim() throws Exception {
    String body = "{ \"extra\":[1,{}], \"payload\" : {\"a\": [1, 2], \"s\":\"}\"} , \"to\":\"abc=\" }";
    QueueMessage m = QueueMessage.parse(json, body);
    assertEquals("abc=", m.to());
    assertEquals("{\"a\": [1, 2], \"s\":\"}\"}", body.substring(m.payloadStart(), m.payloadEnd()));
  }

  @Test
  void refusesANameAsTargetSayingQueueMessagesGoToConnectionIdsOnly() throws Exception {
    QueueMessage.MalformedException e = assertThrows(QueueMessage.MalformedException.class,
        () -> QueueMessage.parse(json, "{\"to\":\"billing\",\"payload\":{}}"));
    assertEquals("'to' is the name 'billing': queue messages go to connection IDs only (the queue does not resolve"
        + " names); send to a name over a WebSocket connection", e.getMessage());
    e = assertThrows(QueueMessage.MalformedException.class,
        () -> QueueMessage.parse(json, "{\"to\":\"abc=\",\"name\":\"billing\",\"payload\":{}}"));
    assertTrue(e.getMessage().contains("the queue does not resolve names"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "not json", "[]", "{\"to\":\"a\"}", "{\"payload\":{}}",
      "{\"to\":1,\"payload\":{}}", "{\"to\":\"\",\"payload\":{}}", "{\"to\":\"a\",\"payload\":\"text\"}",
      "{\"to\":\"a\",\"to\":\"b\",\"payload\":{}}", "{\"to\":\"a\",\"payload\":{}} {}", "{\"to\":\"a\",\"payload\":{"})
  void refusesBodiesThatCanNeverBeDelivered(String body) {
    QueueMessage.MalformedException e =
        assertThrows(QueueMessage.MalformedException.class, () -> QueueMessage.parse(json, body));
    assertTrue(e.getMessage().contains("body") || e.getMessage().contains("'"), e.getMessage());
  }
}
