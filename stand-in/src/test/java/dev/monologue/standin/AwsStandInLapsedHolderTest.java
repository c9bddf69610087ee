package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.TestClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A holder silent past its name lease is closed by the relay function ({@code DELETE @connections}, which
 * template.yaml's policy allows on this API's stage), so that its client, if it is still there, reconnects and claims
 * its names again. The holder here is a raw client that sends nothing after its claim: silent, not gone.
 */
class AwsStandInLapsedHolderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration LEASE = Duration.ofSeconds(2);
  @RegisterExtension static final SharedDynalite dynalite = new SharedDynalite();

  @Test
  void aHolderSilentPastItsLeaseLosesItsNameAndIsClosed() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint()).nameLease(LEASE).start();
        TestClient holder = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient caller = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      holder.send("{\"action\":\"claim\",\"name\":\"ledger\",\"payload\":{\"token\":\"c\"}}");
      JsonNode ack = MAPPER.readTree(holder.next()).get("payload");
      assertEquals("ACK", ack.get("type").asText(), ack.toString());
      long claimedAt = System.nanoTime();

      AtomicReference<JsonNode> lapsed = new AtomicReference<>();
      Awaits.eventually("a probe of 'ledger' to find its holder's lease lapsed", () -> {
        try {
          caller.send("{\"action\":\"probe\",\"name\":\"ledger\",\"payload\":{\"token\":\"p\"}}");
          JsonNode answer = MAPPER.readTree(caller.next()).get("payload");
          if ("ACK".equals(answer.get("type").asText())) {
            return false;
          }
          lapsed.set(answer);
          return true;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }, LEASE.plusSeconds(15));
      JsonNode error = lapsed.get().get("error");
      assertEquals("PEER_GONE", error.get("code").asText(), lapsed.get().toString());
      assertTrue(error.get("message").asText().contains("lease"), error.toString());
      assertTrue(Awaits.millisSince(claimedAt) >= LEASE.toMillis(), "not before the lease");

      Awaits.eventually("the relay function to close the silent holder", holder::isClosed, Duration.ofSeconds(15));
    }
  }
}
