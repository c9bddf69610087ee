package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.MonologueJson;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecProbeTest {
  record Point(int x, int y) {}

  private static final Type POINTS = new TypeReference<List<Point>>() {}.getType();

  private final ObjectMapper mapper = MonologueJson.newMapper();
  private final WireCodecProbe probe = new WireCodecProbe(mapper);

  @Test
  void theStreamingReplyDecodesAsTheTreePathDoes() throws Exception {
    List<Point> points = List.of(new Point(1, 2), new Point(3, 4));
    String ack = probe.ack("me=", "t", points, POINTS);
    // As the relay delivers it: the sender first.
    String delivered = "{\"from\":\"peer=\"," + ack.substring(1);
    assertEquals(points, probe.reply(delivered, "peer=", POINTS));
    assertEquals(points, probe.result(probe.parse(delivered).get("payload"), POINTS));
    assertEquals(points, probe.reply(delivered, "someone-else=", POINTS), "decoded from the tree instead");
    assertThrows(IOException.class, () -> probe.reply("{\"from\":\"peer=\",\"payload\":{\"type\":\"REQ\"}}",
        "peer=", POINTS));
  }
}
