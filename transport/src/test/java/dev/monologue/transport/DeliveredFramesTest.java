package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.monologue.MonologueJson;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One streaming pass over a delivered frame reads it as the whole tree did. */
class DeliveredFramesTest {
  record Point(int x, int y) {}

  private static final Type POINTS = new TypeReference<List<Point>>() {}.getType();

  private final ObjectMapper mapper = MonologueJson.newMapper();
  private final DeliveredFrames reader = new DeliveredFrames(new JsonCodec(mapper));

  private static PendingCall call(String token, String peer, Type type) {
    return new PendingCall(token, "geo.points", peer, type, frame -> true, 0, Long.MAX_VALUE, null, null);
  }

  private static DeliveredFrames.Replies waiting(PendingCall call) {
    return (from, token) -> call.peer.equals(from) && call.token.equals(token) ? call.resultType : null;
  }

  private static final DeliveredFrames.Replies NONE = (from, token) -> null;

  /** The same fields as the tree gives them; the decoded result left aside. */
  private void assertReadsAsTheTree(String text, DeliveredFrames.Incoming read) throws IOException {
    DeliveredFrames.Incoming tree = DeliveredFrames.tree(mapper.readTree(text));
    assertEquals(tree.from(), read.from(), "from");
    assertEquals(tree.type(), read.type(), "type");
    assertEquals(tree.token(), read.token(), "token");
    assertEquals(tree.name(), read.name(), "name");
    assertEquals(tree.args(), read.args(), "args");
    assertEquals(tree.errorOrMissing(), read.errorOrMissing(), "error");
  }

  @Test
  void anAckIsDecodedStraightIntoTheTypeItsCallExpects() throws Exception {
    PendingCall call = call("t1", "peer=", POINTS);
    String text = "{\"to\":\"me=\",\"from\":\"peer=\",\"payload\":{\"type\":\"ACK\",\"token\":\"t1\","
        + "\"ret\":[{\"x\":1,\"y\":2}],\"extra\":{\"ignored\":[1,2]}}}";
    DeliveredFrames.Incoming ack = reader.read(text, waiting(call));
    assertSame(call.resultType, ack.decodedAs());
    assertEquals(List.of(new Point(1, 2)), ack.ret());
    assertNull(ack.retNode(), "no tree was built for the result");
    assertReadsAsTheTree(text, ack);
  }

  @Test
  void aResultBeforeItsTokenOrSenderIsKeptAsATree() throws Exception {
    PendingCall call = call("t1", "peer=", POINTS);
    for (String text : List.of(
        "{\"payload\":{\"type\":\"ACK\",\"token\":\"t1\",\"ret\":[{\"x\":1,\"y\":2}]},\"from\":\"peer=\"}",
        "{\"from\":\"peer=\",\"payload\":{\"ret\":[{\"x\":1,\"y\":2}],\"type\":\"ACK\",\"token\":\"t1\"}}")) {
      DeliveredFrames.Incoming ack = reader.read(text, waiting(call));
      assertNull(ack.decodedAs(), text);
      assertEquals(mapper.readTree("[{\"x\":1,\"y\":2}]"), ack.retNode(), text);
      assertReadsAsTheTree(text, ack);
    }
  }

  @Test
  void aResultThatDoesNotDecodeIsLeftToTheCallAsATree() throws Exception {
    PendingCall call = call("t1", "peer=", POINTS);
    String text = "{\"from\":\"peer=\",\"payload\":{\"type\":\"ACK\",\"token\":\"t1\",\"ret\":\"not points\"}}";
    DeliveredFrames.Incoming ack = reader.read(text, waiting(call));
    assertNull(ack.decodedAs());
    assertEquals(mapper.readTree("\"not points\""), ack.retNode());
  }

  @Test
  void aResultForAnotherPeerOrNoCallIsNotDecoded() throws Exception {
    PendingCall call = call("t1", "peer=", POINTS);
    String text = "{\"from\":\"intruder=\",\"payload\":{\"type\":\"ACK\",\"token\":\"t1\",\"ret\":[]}}";
    assertNull(reader.read(text, waiting(call)).decodedAs());
    assertNull(reader.read(text.replace("intruder=", "peer="), NONE).decodedAs());
  }

  @Test
  void nullAndVoidAndTreeResultsDecodeAsFromTheTree() throws Exception {
    String text = "{\"from\":\"p=\",\"payload\":{\"type\":\"ACK\",\"token\":\"t\",\"ret\":null}}";
    assertSame(NullNode.getInstance(), reader.read(text, waiting(call("t", "p=", JsonNode.class))).ret());
    assertNull(reader.read(text, waiting(call("t", "p=", String.class))).ret());
    assertEquals(0, reader.read(text, waiting(call("t", "p=", int.class))).ret());
    String object = text.replace("null", "{\"a\":[1]}");
    assertEquals(mapper.readTree("{\"a\":[1]}"), reader.read(object, waiting(call("t", "p=", JsonNode.class))).ret());
    DeliveredFrames.Incoming ignored = reader.read(object, waiting(call("t", "p=", Void.class)));
    assertNull(ignored.ret());
    assertEquals("ACK", ignored.type(), "the fields after a skipped result are still read");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"from\":\"p=\",\"payload\":{\"type\":\"REQ\",\"token\":\"t\",\"name\":\"echo\",\"args\":[\"hi\",{\"a\":1}]}}",
      "{\"from\":\"p=\",\"payload\":{\"type\":\"REQ\",\"token\":\"t\",\"name\":\"echo\",\"args\":null}}",
      "{\"from\":\"p=\",\"payload\":{\"type\":\"REQ\",\"token\":\"t\",\"name\":\"echo\",\"args\":{\"not\":\"array\"}}}",
      "{\"from\":\"p=\",\"payload\":{\"type\":\"REQ\",\"token\":7,\"name\":[\"x\"]}}",
      "{\"from\":7,\"payload\":{\"type\":\"PING\",\"token\":\"t\"}}",
      "{\"from\":\"$relay\",\"payload\":{\"type\":\"ERR\",\"token\":\"t\",\"error\":{\"code\":\"PEER_GONE\"}}}",
      "{\"from\":\"p=\",\"payload\":{\"type\":\"ERR\",\"token\":\"t\",\"error\":null}}",
      "{\"from\":\"p=\",\"payload\":{\"token\":\"t\"}}",
      "{\"from\":\"p=\",\"payload\":{\"type\":5,\"token\":\"t\"}}",
      "{\"from\":\"p=\",\"payload\":{\"type\":null}}",
      "{\"from\":\"p=\",\"payload\":{\"type\":{\"a\":1}}}",
      "{\"from\":\"p=\",\"payload\":{\"type\":\"REQ\",\"type\":\"ACK\",\"token\":\"t\"}}",
      "{\"from\":\"a=\",\"from\":\"b=\",\"payload\":{\"type\":\"PONG\",\"token\":\"t\"}}",
      "{\"payload\":{\"type\":\"PONG\"},\"payload\":{\"type\":\"PING\",\"token\":\"t\"},\"from\":\"p=\"}",
      "{\"from\":\"p=\",\"payload\":{\"type\":\"ACK\",\"token\":\"t\",\"ret\":1},\"trailing\":[1,{\"b\":null}]} x"})
  void everyFrameReadsAsTheTreeReadsIt(String text) throws Exception {
    assertReadsAsTheTree(text, reader.read(text, waiting(call("t", "p=", String.class))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "\"text\"", "{\"from\":\"p=\"}", "{\"from\":\"p=\",\"payload\":\"text\"}",
      "{\"from\":\"p=\",\"payload\":[1]}"})
  void aFrameWithoutAnObjectPayloadReadsAsNull(String text) throws Exception {
    assertNull(reader.read(text, NONE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{\"from\":\"p=\",\"payload\":{\"type\":\"ACK\",", "{\"from\":}"})
  void aFrameThatIsNotJsonThrows(String text) {
    assertThrows(IOException.class, () -> reader.read(text, NONE));
  }
}
