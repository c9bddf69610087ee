package dev.monologue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

  @Test
  void delaysDoubleUpToTheCapWithJitterWithinBounds() {
    ReconnectPolicy p = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(100))
        .maxDelay(Duration.ofMillis(1000)).jitter(0.5).build();
    assertEquals(Duration.ofMillis(100), p.delayBefore(1, 1.0));
    assertEquals(Duration.ofMillis(50), p.delayBefore(1, 0.0));
    assertEquals(Duration.ofMillis(200), p.delayBefore(2, 1.0));
    assertEquals(Duration.ofMillis(400), p.delayBefore(3, 1.0));
    assertEquals(Duration.ofMillis(1000), p.delayBefore(5, 1.0), "capped");
    assertEquals(Duration.ofMillis(500), p.delayBefore(1000, 0.0), "no overflow, half random");
    assertThrows(IllegalArgumentException.class, () -> p.delayBefore(0, 0.5));
  }

  @Test
  void attemptsAreBoundedOrUnlimited() {
    ReconnectPolicy three = ReconnectPolicy.builder().maxAttempts(3).build();
    assertTrue(three.allows(3));
    assertFalse(three.allows(4));
    assertTrue(ReconnectPolicy.defaults().allows(1_000_000));
    assertFalse(ReconnectPolicy.disabled().allows(1));
    assertFalse(ReconnectPolicy.disabled().enabled());
  }

  @Test
  void builderRefusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.builder().jitter(1.5).build());
    assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.builder().jitter(Double.NaN).build());
    assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.builder().maxAttempts(-1).build());
    assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.builder()
        .initialDelay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(1)).build());
    assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.builder()
        .initialDelay(Duration.ofMillis(-1)).build());
    assertThrows(NullPointerException.class, () -> ReconnectPolicy.builder().maxDelay(null));
  }

  @Test
  void resilienceOptionsHaveDocumentedDefaultsAndAreValidated() {
    MonologueOptions o = MonologueOptions.builder().build();
    assertEquals(ReconnectPolicy.defaults(), o.reconnectPolicy());
    assertEquals(Duration.ofMinutes(5), o.keepAliveInterval());
    assertEquals(Duration.ofMinutes(110), o.maxConnectionAge());
    assertEquals(Duration.ofSeconds(1), o.probeInterval());
    assertEquals(10_000, o.maxCallsInFlight());
    assertEquals(10_000, o.maxQueuedHandlerCalls());
    assertEquals(131_072, o.maxMessageBytes());
    assertFalse(o.failFastWhileDisconnected());
    assertFalse(o.waitForCallSlot());
    assertTrue(o.connectionListeners().isEmpty());

    ConnectionListener l = new ConnectionListener() {};
    MonologueOptions copy = MonologueOptions.builder().keepAliveInterval(Duration.ZERO).maxCallsInFlight(5)
        .connectionListener(l).failFastWhileDisconnected(true).build().toBuilder().build();
    assertEquals(Duration.ZERO, copy.keepAliveInterval());
    assertEquals(5, copy.maxCallsInFlight());
    assertEquals(1, copy.connectionListeners().size());
    assertTrue(copy.failFastWhileDisconnected());

    MonologueOptions.Builder b = MonologueOptions.builder();
    assertThrows(IllegalArgumentException.class, () -> b.keepAliveInterval(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.maxCallsInFlight(0));
    assertThrows(IllegalArgumentException.class, () -> b.maxQueuedHandlerCalls(0));
    assertThrows(IllegalArgumentException.class, () -> b.maxMessageBytes(10));
    assertThrows(NullPointerException.class, () -> b.reconnectPolicy(null));
    assertThrows(NullPointerException.class, () -> b.connectionListener(null));
  }
}
