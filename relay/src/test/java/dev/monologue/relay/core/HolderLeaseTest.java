package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Name leases in the router: a holder the gateway reports silent past the lease loses its names when a name of its
 * is resolved or claimed; one within the lease keeps them, and is asked about once per lease, not once per call.
 */
class HolderLeaseTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final String A = "AAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "BBBBBBBBBBBBBBBBBBBBBB";
  private static final String C = "CCCCCCCCCCCCCCCCCCCCCC";

  /** A gateway that knows when each connection last sent a message, as the local relay and API Gateway do. */
  private static final class SilenceGateway implements ConnectionGateway {
    final List<String[]> sent = new ArrayList<>();
    final Map<String, Duration> silence = new HashMap<>();
    final List<String> asked = new ArrayList<>();
    final List<String> closed = new ArrayList<>();

    @Override
    public Delivery send(String connectionId, String frame) {
      sent.add(new String[] {connectionId, frame});
      return Delivery.DELIVERED;
    }

    @Override
    public Duration silence(String connectionId) {
      asked.add(connectionId);
      return silence.getOrDefault(connectionId, Duration.ZERO);
    }

    @Override
    public boolean close(String connectionId) {
      closed.add(connectionId);
      return true;
    }
  }

  private final SilenceGateway gateway = new SilenceGateway();
  private final InMemoryNameRegistry registry = new InMemoryNameRegistry();
  private final Router router = new Router(gateway, 4096, registry, LEASE);

  private List<JsonNode> drain(String to) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String[] f : gateway.sent) {
      if (f[0].equals(to)) {
        out.add(MAPPER.readTree(f[1]));
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

  private JsonNode claim(String id, String name) throws Exception {
    router.onText(id, "{\"action\":\"claim\",\"name\":\"" + name + "\",\"payload\":{\"token\":\"c\"}}");
    return onlyPayload(id);
  }

  @Test
  void theClaimsAnswerTellsTheLease() throws Exception {
    assertEquals(LEASE.toMillis(), claim(A, "billing").get("ret").get("leaseMillis").asLong());
  }

  @Test
  void aHolderSilentPastTheLeaseLosesItsNamesToTheNextCallAndIsClosed() throws Exception {
    claim(A, "billing");
    router.onText(A, "{\"action\":\"join\",\"group\":\"workers\",\"payload\":{}}");
    drain(A);
    router.onText(C, "{\"action\":\"watch\",\"name\":\"billing\",\"payload\":{\"token\":\"w\"}}");
    drain(C);
    gateway.silence.put(A, LEASE.plusMillis(1));

    router.onText(B, "{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"token\":\"m\"}}");
    JsonNode gone = onlyPayload(B);
    assertEquals("PEER_GONE", gone.get("error").get("code").asText(), gone.toString());
    assertEquals("m", gone.get("token").asText());
    String message = gone.get("error").get("message").asText();
    assertTrue(message.contains("'billing'") && message.contains("lease of 30000 ms"), message);
    assertEquals(List.of(), drain(A), "nothing was delivered to the lapsed holder");
    assertEquals("RELEASED", onlyPayload(C).get("event").asText(), "the name's watcher is told");
    assertNull(registry.holder("billing"));
    assertEquals(List.of(), registry.members("workers"));
    assertEquals(List.of(A), gateway.closed, "the lapsed holder's connection is closed, so its client reconnects");
    assertEquals("ACK", claim(B, "billing").get("type").asText());
  }

  @Test
  void aHolderWithinTheLeaseKeepsItsNamesAndIsAskedAboutOncePerLease() throws Exception {
    claim(A, "billing");
    gateway.silence.put(A, LEASE.minusSeconds(1));
    for (int i = 0; i < 5; i++) {
      router.onText(B, "{\"action\":\"sendmessage\",\"name\":\"billing\",\"payload\":{\"token\":\"m" + i + "\"}}");
    }
    assertEquals(5, drain(A).size(), "every call was delivered");
    assertEquals(List.of(A), gateway.asked, "fresh for the rest of its lease after one answer");
    assertEquals("NAME_TAKEN", claim(C, "billing").get("error").get("code").asText());
    assertEquals(List.of(), gateway.closed);
  }

  @Test
  void aClaimOfANameWhoseHolderIsSilentPastTheLeaseIsGranted() throws Exception {
    claim(A, "billing");
    gateway.silence.put(A, LEASE.plusSeconds(5));
    JsonNode granted = claim(B, "billing");
    assertEquals("ACK", granted.get("type").asText(), granted.toString());
    assertEquals(B, registry.holder("billing"));
  }

  @Test
  void aProbeOfANameWhoseHolderLapsedIsAnsweredPeerGone() throws Exception {
    claim(A, "billing");
    gateway.silence.put(A, LEASE.plusSeconds(5));
    router.onText(B, "{\"action\":\"probe\",\"name\":\"billing\",\"payload\":{\"token\":\"p\"}}");
    JsonNode gone = onlyPayload(B);
    assertEquals("PEER_GONE", gone.get("error").get("code").asText(), gone.toString());
    assertTrue(gone.get("error").get("message").asText().contains("lease"), gone.toString());
    assertNull(registry.holder("billing"));
  }
}
