package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.MonologueJson;
import dev.monologue.wire.ErrorCode;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameWriterTest {
  record Person(String name, int age) {}

  interface Shape {
    String getKind();
  }

  record Circle(String kind, double radius) implements Shape {
    @Override
    public String getKind() {
      return kind;
    }
  }

  private final ObjectMapper mapper = MonologueJson.newMapper();
  private final FrameWriter frames = new FrameWriter(new JsonCodec(mapper));

  @Test
  void whoamiCarriesTheToken() throws Exception {
    assertEquals("{\"action\":\"whoami\",\"payload\":{\"token\":\"abc\"}}", frames.whoami("abc"));
  }

  @Test
  void requestWritesArgumentsByRuntimeClass() throws Exception {
    String frame = frames.request("peer=", "tok", "echo",
        new Object[] {"hi", 3, true, null, new Person("Ada", 36), List.of(1, 2), Optional.of("x"),
            Instant.parse("2024-01-02T03:04:05Z")}, null, 15_000);
    assertEquals("{\"action\":\"sendmessage\",\"to\":\"peer=\",\"payload\":{\"type\":\"REQ\",\"token\":\"tok\","
        + "\"name\":\"echo\",\"args\":[\"hi\",3,true,null,{\"name\":\"Ada\",\"age\":36},[1,2],\"x\","
        + "\"2024-01-02T03:04:05Z\"],\"v\":2,\"dl\":15000}}", frame);
  }

  @Test
  void requestWritesArgumentsWithTheirDeclaredTypes() throws Exception {
    Type listOfShapes = new TypeReference<List<Shape>>() {}.getType();
    // Declared as Shape: only the interface's properties travel, the same as the generated stub would send.
    String frame = frames.request("p", "t", "draw", new Object[] {List.of(new Circle("circle", 2.0))},
        List.of(listOfShapes), 15_000);
    JsonNode args = mapper.readTree(frame).at("/payload/args");
    assertEquals("[[{\"kind\":\"circle\"}]]", args.toString());
  }

  @Test
  void ackWritesNullAndVoid() throws Exception {
    assertEquals("{\"action\":\"sendmessage\",\"to\":\"c\",\"payload\":{\"type\":\"ACK\",\"token\":\"t\",\"ret\":null}}",
        frames.ack("c", "t", null, null));
    assertEquals("null", mapper.readTree(frames.ack("c", "t", "ignored", Void.class)).at("/payload/ret").toString());
    assertEquals("{\"a\":{\"b\":[1]}}",
        mapper.readTree(frames.ack("c", "t", Map.of("a", Map.of("b", List.of(1))), null)).at("/payload/ret")
            .toString());
  }

  @Test
  void errorCarriesCodeMessageAndType() throws Exception {
    JsonNode payload = mapper.readTree(frames.error("c", "t", ErrorCode.HANDLER_FAILED, "boom \"quoted\"",
        "java.lang.IllegalStateException")).get("payload");
    assertEquals("ERR", payload.get("type").asText());
    assertEquals("HANDLER_FAILED", payload.at("/error/code").asText());
    assertEquals("boom \"quoted\"", payload.at("/error/message").asText());
    assertEquals("java.lang.IllegalStateException", payload.at("/error/remoteType").asText());
    assertTrue(mapper.readTree(frames.error("c", "t", ErrorCode.NO_SUCH_METHOD, null, null)).at("/payload/error")
        .path("remoteType").isMissingNode());
  }
}
