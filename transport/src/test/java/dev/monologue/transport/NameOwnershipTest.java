package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.NameTakenException;
import dev.monologue.NotPermittedException;
import dev.monologue.TakeoverRefusedException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.relay.core.KeyPolicy;
import dev.monologue.relay.core.RelayPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner secrets and the relay's policy as a client meets them: names back at once, typed refusals. */
class NameOwnershipTest {
  private final FaultHarness harness = new FaultHarness();

  @TempDir
  Path home;

  @AfterEach
  void close() {
    harness.close();
  }

  private LocalRelay relay(RelayPolicy policy) {
    LocalRelay relay = LocalRelay.builder().apiKeys(Set.of("plain-key", "billing-key")).policy(policy).build();
    relay.start();
    harness.add(relay);
    return relay;
  }

  @Test
  void aRestartWithTheSameOwnerSecretFileGetsTheNameAtOnceAndAnotherOwnerIsRefusedTyped() {
    LocalRelay relay = relay(RelayPolicy.DEFAULT);
    Path secret = home.resolve("machine-a").resolve("owner-secret");
    MonologueClient first = harness.connected(options(relay.endpoint()).apiKey("plain-key").ownerSecretFile(secret));
    first.on("who", call -> "first");
    first.claim("ledger");
    // the first run still looks connected to the relay; the same machine starts again with the same secret file
    MonologueClient again = harness.connected(options(relay.endpoint()).apiKey("plain-key").ownerSecretFile(secret));
    again.on("who", call -> "again");
    again.claim("ledger");
    MonologueClient caller = harness.connected(options(relay.endpoint()).apiKey("plain-key")
        .ownerSecret("caller-owner-secret-01"));
    assertEquals("again", caller.call("ledger", "who", String.class).join());

    MonologueClient other = harness.connected(options(relay.endpoint()).apiKey("plain-key")
        .ownerSecretFile(home.resolve("machine-b").resolve("owner-secret")));
    assertThrows(NameTakenException.class, () -> other.claim("ledger"));
    TakeoverRefusedException refused = assertThrows(TakeoverRefusedException.class, () -> other.claim("ledger", true));
    assertEquals("ledger", refused.name());
    assertTrue(refused.getMessage().contains("'ledger'") && refused.getMessage().contains("ownerSecret"),
        refused.getMessage());
    assertEquals("again", caller.call("ledger", "who", String.class).join(), "the holder kept it");
  }

  @Test
  void claimsAndJoinsOutsideTheKeysPatternsFailTypedAndAnAllowedKeyTakesOver() {
    LocalRelay relay = relay(RelayPolicy.builder()
        .apiKey("billing-key", KeyPolicy.builder().claims(List.of("billing.*")).joins(List.of("billing-workers"))
            .takeover(true).build()).build());
    MonologueClient billing = harness.connected(options(relay.endpoint()).apiKey("billing-key")
        .ownerSecret("billing-owner-secret-01"));
    NotPermittedException claim = assertThrows(NotPermittedException.class, () -> billing.claim("payroll"));
    assertEquals("claim", claim.action());
    assertEquals("payroll", claim.target());
    assertTrue(claim.getMessage().contains("billing.*"), claim.getMessage());
    NotPermittedException join = assertThrows(NotPermittedException.class, () -> billing.join("payroll-workers"));
    assertEquals("join", join.action());
    billing.join("billing-workers");

    MonologueClient plain = harness.connected(options(relay.endpoint()).apiKey("plain-key")
        .ownerSecret("plain-owner-secret-0001"));
    plain.claim("billing.eu");
    billing.on("who", call -> "billing");
    billing.claim("billing.eu", true);
    assertEquals("billing", plain.call("billing.eu", "who", String.class).join());
  }
}
