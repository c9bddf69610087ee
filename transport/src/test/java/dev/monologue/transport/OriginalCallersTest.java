package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.MonologueOptions;
import dev.monologue.transport.IncomingFramesFuzzTest.ClientOnFakeSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request without the version marker came from an original JavaScript client, which ends on any payload but REQ
 * and ACK: when serving it fails, it gets nothing; when it succeeds, its ACK. Java callers (marked) get the ERR.
 */
class OriginalCallersTest {
  private final ClientOnFakeSocket server = new ClientOnFakeSocket(MonologueOptions.builder());

  OriginalCallersTest() {
    server.client.on("echo", args -> args.node(0));
    server.client.on("fail", args -> {
      throw new IllegalStateException("failing on purpose");
    });
    server.client.on("twice", args -> args.get(0, Integer.class) * 2);
  }

  @AfterEach
  void close() {
    server.close();
  }

  private static String request(String name, String args, String marker) {
    return "{\"to\":\"ME\",\"from\":\"caller=\",\"payload\":{\"type\":\"REQ\",\"token\":\"t\",\"name\":\"" + name
        + "\",\"args\":" + args + marker + "}}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"nothing", "fail", "twice"})
  void aFailedRequestFromAnOriginalClientGetsNothing(String name) {
    String args = name.equals("twice") ? "[\"not a number\"]" : "[1]";
    server.receive(request(name, args, ""));
    assertEquals(List.of(), server.drain(), "an original client ends on an ERR");
    server.receive(request(name, args, ",\"v\":1"));
    assertEquals(List.of(), server.drain(), "a marker of an earlier generation is no Java client's");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nothing", "fail", "twice"})
  void aFailedRequestFromAJavaClientGetsItsErr(String name) throws Exception {
    String args = name.equals("twice") ? "[\"not a number\"]" : "[1]";
    server.receive(request(name, args, ",\"v\":2"));
    List<String> sent = server.drain();
    assertEquals(1, sent.size(), sent.toString());
    JsonNode payload = IncomingFramesFuzzTest.MAPPER.readTree(sent.get(0)).get("payload");
    assertEquals("ERR", payload.get("type").asText());
    assertEquals(name.equals("nothing") ? "NO_SUCH_METHOD" : name.equals("fail") ? "HANDLER_FAILED"
        : "BAD_ARGUMENTS", payload.get("error").get("code").asText());
  }

  @Test
  void aSuccessfulRequestFromAnOriginalClientGetsItsAck() throws Exception {
    server.receive(request("echo", "[{\"a\":1}]", ""));
    List<String> sent = server.drain();
    assertEquals(1, sent.size(), sent.toString());
    assertEquals("{\"type\":\"ACK\",\"token\":\"t\",\"ret\":{\"a\":1}}",
        IncomingFramesFuzzTest.MAPPER.readTree(sent.get(0)).get("payload").toString());
  }
}
