package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Names and connection IDs are told apart by the field they travel in, never by their shape: {@code "name"} is
 * resolved, {@code "to"} is a connection ID whatever it looks like.
 */
class NameTargetsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String A = "AAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "BBBBBBBBBBBBBBBBBBBBBB";
  /** 22 characters of base64url without a '.': the shape of a local relay's connection ID. */
  private static final String ID_SHAPED = "billingserviceprimary1";

  private final RouterTest.RecordingGateway gateway = new RouterTest.RecordingGateway();
  private final InMemoryNameRegistry registry = new InMemoryNameRegistry();
  private final Router router = new Router(gateway, 4096, registry);

  private JsonNode last() throws Exception {
    return MAPPER.readTree(gateway.sent.remove(gateway.sent.size() - 1)[1]);
  }

  @Test
  void aNameShapedLikeAConnectionIdIsClaimedAndCalledByName() throws Exception {
    router.onText(A, "{\"action\":\"claim\",\"name\":\"" + ID_SHAPED + "\",\"payload\":{\"token\":\"c\"}}");
    JsonNode ack = last().get("payload");
    assertEquals("ACK", ack.get("type").asText(), ack.toString());
    router.onText(B, "{\"action\":\"sendmessage\",\"name\":\"" + ID_SHAPED + "\",\"payload\":{\"token\":\"m\"}}");
    String[] delivered = gateway.sent.remove(gateway.sent.size() - 1);
    assertEquals(A, delivered[0]);
    assertEquals("{\"to\":\"" + A + "\",\"from\":\"" + B + "\",\"payload\":{\"token\":\"m\"}}", delivered[1]);
  }

  @Test
  void toIsAlwaysAConnectionIdNeverResolved() throws Exception {
    router.onText(A, "{\"action\":\"claim\",\"name\":\"billing\",\"payload\":{\"token\":\"c\"}}");
    last();
    gateway.results.put("billing", Delivery.GONE);
    router.onText(B, "{\"action\":\"sendmessage\",\"to\":\"billing\",\"payload\":{\"token\":\"m\"}}");
    JsonNode error = last().get("payload");
    assertEquals("PEER_GONE", error.get("error").get("code").asText(), error.toString());
    assertEquals("connection 'billing' is not connected", error.get("error").get("message").asText());
    assertTrue(gateway.sent.stream().noneMatch(f -> f[0].equals(A)), "nothing reached the name's holder");
  }

  @Test
  void aFrameWithToGoesToThatConnectionWhateverItsName() throws Exception {
    router.onText(A, "{\"action\":\"claim\",\"name\":\"billing\",\"payload\":{\"token\":\"c\"}}");
    last();
    String c = "CCCCCCCCCCCCCCCCCCCCCC";
    router.onText(B, "{\"action\":\"sendmessage\",\"to\":\"" + c + "\",\"name\":\"billing\",\"payload\":{"
        + "\"token\":\"m\"}}");
    // to the connection in 'to', as before names existed; the name's holder gets nothing
    assertEquals("{\"to\":\"" + c + "\",\"from\":\"" + B + "\",\"payload\":{\"token\":\"m\"}}",
        gateway.only(c));
  }

  @Test
  void aBadNameTargetIsRefusedWithBadName() throws Exception {
    router.onText(B, "{\"action\":\"sendmessage\",\"name\":\"Billing\",\"payload\":{\"token\":\"m\"}}");
    JsonNode error = last().get("payload");
    assertEquals("BAD_NAME", error.get("error").get("code").asText(), error.toString());
    assertEquals("m", error.get("token").asText());
    router.onText(B, "{\"action\":\"probe\",\"name\":7,\"payload\":{\"token\":\"p\"}}");
    assertEquals("MALFORMED_FRAME", last().get("payload").get("error").get("code").asText());
  }
}
