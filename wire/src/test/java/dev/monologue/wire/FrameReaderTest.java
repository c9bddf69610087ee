package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  private final FrameReader reader = new FrameReader(new JsonFactory());

  @Test
  void readsAClientFrameWithThePayloadsBounds() {
    String text = "{\"action\":\"sendmessage\",\"to\":\"abc=\",\"payload\":{\"type\":\"REQ\",\"token\":\"t1\",\"v\":2}}";
    Frame f = reader.read(text);
    assertNull(f.problem());
    assertEquals("sendmessage", f.action());
    assertEquals(Action.SENDMESSAGE, Action.fromWire(f.action()));
    assertEquals("abc=", f.to());
    assertEquals("t1", f.token());
    assertEquals(PayloadType.REQ, f.payloadType());
    assertTrue(f.versioned());
    assertFalse(f.mayComeFromOriginalClient());
    assertEquals("{\"type\":\"REQ\",\"token\":\"t1\",\"v\":2}", text.substring(f.payloadStart(), f.payloadEnd()));
  }

  @Test
  void saysWhatIsWrongInsteadOfThrowing() {
    assertEquals("frame is an array, not a JSON object", reader.read("[]").problem());
    assertEquals("frame has 'to' twice", reader.read("{\"to\":\"a\",\"to\":\"b\",\"payload\":{}}").problem());
    assertEquals("'payload' must be a JSON object, was a string", reader.read("{\"payload\":\"x\"}").problem());
    assertEquals("frame has data after its JSON object; send exactly one object per frame",
        reader.read("{\"payload\":{}} {}").problem());
    assertTrue(reader.read("{\"payload\":{").problem().startsWith("frame is not valid JSON"));
    assertEquals("'to' must be a connection ID string, was a number", reader.read("{\"to\":1}").toProblem());
    assertEquals("'key' is longer than " + Limits.MAX_OWNER_SECRET_CHARS + " characters",
        reader.read("{\"key\":\"" + "k".repeat(Limits.MAX_OWNER_SECRET_CHARS + 1) + "\"}").nameFieldProblem());
  }

  @Test
  void marksAFieldTwiceAsIrregularAndKeepsTheFirst() {
    Frame f = reader.read("{\"from\":\"a\",\"payload\":{\"token\":\"t1\",\"token\":\"t2\"}}");
    assertNull(f.problem());
    assertTrue(f.irregular());
    assertEquals("t1", f.token());
    assertFalse(reader.read("{\"from\":\"a\",\"payload\":{\"token\":\"t1\"}}").irregular());
    assertTrue(reader.read("{\"from\":\"a\",\"payload\":{\"type\":1}}").irregular());
  }

  @Test
  void handsTheValuesThatNeedBindingToTheCaller() {
    String text = "{\"to\":\"b\",\"from\":\"a\",\"payload\":{\"type\":\"ACK\",\"token\":\"t\",\"ret\":{\"x\":[1,2]},"
        + "\"md\":{\"k\":\"v\"},\"dl\":99999999999}}";
    List<String> seen = new ArrayList<>();
    Frame f = reader.read(text, (field, p, soFar) -> {
      seen.add(field + " after " + soFar.from() + "/" + soFar.type() + "/" + soFar.token());
      p.skipChildren();
      return field.name();
    });
    assertEquals(List.of("RET after a/ACK/t", "METADATA after a/ACK/t"), seen);
    assertEquals("RET", f.value(Frame.Value.RET));
    assertEquals("METADATA", f.value(Frame.Value.METADATA));
    assertNull(f.value(Frame.Value.ARGS));
    assertEquals(Frame.MAX_DEADLINE_MILLIS, f.deadlineMillis());
    assertNull(f.problem());
    assertEquals(text.length() - 1, f.payloadEnd());
  }

  @Test
  void everyTypeAndActionReadsBackFromItsWireForm() {
    for (PayloadType t : PayloadType.values()) {
      assertEquals(t, PayloadType.fromWire(t.wire()));
    }
    for (Action a : Action.values()) {
      assertEquals(a, Action.fromWire(a.wire()));
    }
    assertNull(PayloadType.fromWire("req"));
    assertNull(Action.fromWire("WHOAMI"));
    assertEquals("FANOUT", PayloadType.FANOUT.wire());
    assertEquals("whoami, loopback, sendmessage, probe, ping, keepalive", Action.basic());
  }
}
