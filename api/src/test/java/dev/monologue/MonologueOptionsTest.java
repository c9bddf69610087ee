package dev.monologue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MonologueOptionsTest {

  @Test
  void valuesInRangeAreKeptAndMarkedAsSet() {
    MonologueOptions o = MonologueOptions.builder()
        .endpoint("wss://relay.example/prod")
        .timeout(Duration.ofSeconds(3))
        .connectTimeout(Duration.ofSeconds(7))
        .listeners(1)
        .keepAliveInterval(Duration.ZERO)
        .maxConnectionAge(Duration.ofMinutes(30))
        .probeInterval(Duration.ZERO)
        .maxCallsInFlight(1)
        .maxQueuedHandlerCalls(1)
        .maxMessageBytes(1024)
        .build();
    assertEquals(URI.create("wss://relay.example/prod"), o.endpoint());
    assertEquals(Duration.ofSeconds(3), o.timeout());
    assertEquals(Duration.ofSeconds(7), o.connectTimeout());
    assertEquals(1, o.listeners());
    assertEquals(Duration.ZERO, o.keepAliveInterval());
    assertEquals(Duration.ofMinutes(30), o.maxConnectionAge());
    assertEquals(Duration.ZERO, o.probeInterval());
    assertEquals(1, o.maxCallsInFlight());
    assertEquals(1, o.maxQueuedHandlerCalls());
    assertEquals(1024, o.maxMessageBytes());
    assertTrue(o.isSet("maxMessageBytes"));
    assertFalse(o.isSet("apiKey"));
    assertEquals(o.toString(), o.toBuilder().build().toString());
  }

  @Test
  void unsetValuesAreTheDefaults() {
    MonologueOptions o = MonologueOptions.builder().build();
    assertEquals(MonologueOptions.DEFAULT_TIMEOUT, o.timeout());
    assertEquals(MonologueOptions.DEFAULT_TIMEOUT, o.connectTimeout());
    assertEquals(MonologueOptions.DEFAULT_LISTENERS, o.listeners());
    assertEquals(MonologueOptions.DEFAULT_KEEP_ALIVE_INTERVAL, o.keepAliveInterval());
    assertEquals(MonologueOptions.DEFAULT_MAX_MESSAGE_BYTES, o.maxMessageBytes());
  }

  @Test
  void eachBadValueIsRefusedNamingTheOptionAndTheValue() {
    refused(() -> MonologueOptions.builder().endpoint("http://relay.example"),
        "endpoint must be a ws:// or wss:// URI, was http://relay.example. Use the address the relay printed.");
    refused(() -> MonologueOptions.builder().timeout(Duration.ZERO), "timeout must be positive, was PT0S");
    refused(() -> MonologueOptions.builder().connectTimeout(Duration.ofSeconds(-1)),
        "connectTimeout must be positive, was PT-1S");
    refused(() -> MonologueOptions.builder().listeners(0), "listeners must be at least 1, was 0");
    refused(() -> MonologueOptions.builder().keepAliveInterval(Duration.ofSeconds(-1)),
        "keepAliveInterval must be positive, or zero to turn it off; was PT-1S");
    refused(() -> MonologueOptions.builder().maxConnectionAge(Duration.ofSeconds(-1)),
        "maxConnectionAge must be positive, or zero to turn it off; was PT-1S");
    refused(() -> MonologueOptions.builder().probeInterval(Duration.ofSeconds(-1)),
        "probeInterval must be positive, or zero to turn it off; was PT-1S");
    refused(() -> MonologueOptions.builder().maxCallsInFlight(0), "maxCallsInFlight must be at least 1, was 0");
    refused(() -> MonologueOptions.builder().maxQueuedHandlerCalls(0),
        "maxQueuedHandlerCalls must be at least 1, was 0");
    refused(() -> MonologueOptions.builder().maxMessageBytes(1023), "maxMessageBytes must be at least 1024, was 1023");
  }

  @Test
  void namesAndGroupsAreKeptInOrderWithoutDuplicates() {
    MonologueOptions o = MonologueOptions.builder().names("billing", "sensor-17").names("billing")
        .groups("workers").build();
    assertEquals(List.of("billing", "sensor-17"), List.copyOf(o.names()));
    assertEquals(List.of("workers"), List.copyOf(o.groups()));
    assertEquals(o.names(), o.toBuilder().build().names());
    assertEquals(o.groups(), o.toBuilder().build().groups());
    assertThrows(UnsupportedOperationException.class, () -> o.names().add("other"));
    assertTrue(MonologueOptions.builder().build().names().isEmpty());
  }

  @Test
  void generatedClassesAreUsedUnlessTurnedOff() {
    assertTrue(MonologueOptions.builder().build().generatedClasses());
    MonologueOptions off = MonologueOptions.builder().generatedClasses(false).build();
    assertFalse(off.generatedClasses());
    assertTrue(off.isSet("generatedClasses"));
    assertFalse(off.toBuilder().build().generatedClasses());
    assertTrue(off.toString().contains("generatedClasses=false"), off.toString());
  }

  @Test
  void optionsDoNotChangeWithTheBuilderThatBuiltThem() {
    MonologueOptions.Builder b = MonologueOptions.builder().names("billing").timeout(Duration.ofSeconds(3));
    MonologueOptions o = b.build();
    b.names("other").groups("workers").timeout(Duration.ofSeconds(9)).generatedClasses(false);
    o.toBuilder().names("third");
    assertEquals(List.of("billing"), List.copyOf(o.names()));
    assertTrue(o.groups().isEmpty());
    assertEquals(Duration.ofSeconds(3), o.timeout());
    assertTrue(o.generatedClasses());
    assertFalse(o.isSet("generatedClasses"));
  }

  @Test
  void eachBadNameIsRefusedAtBuildTimeNamingTheOptionAndTheRule() {
    refused(() -> MonologueOptions.builder().names(""),
        "names: name is empty; use 1 to 64 characters of a-z, 0-9, '.', '_', '-'");
    refused(() -> MonologueOptions.builder().names("b".repeat(65)),
        "names: name '" + "b".repeat(64) + "...' is 65 characters long; at most 64 are allowed");
    refused(() -> MonologueOptions.builder().names("$relay"),
        "names: name '$relay' starts with '$', which is reserved for the relay's own senders ($relay, $queue)");
    refused(() -> MonologueOptions.builder().groups("Workers"),
        "groups: group 'Workers' must start with a lower-case letter and hold only a-z, 0-9, '.', '_', '-'");
    // names travel in a field of their own: one shaped like a local connection ID is a name like any other
    assertEquals(Set.of("abcdefghijklmnopqrstuv"), MonologueOptions.builder().names("abcdefghijklmnopqrstuv")
        .build().names());
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> MonologueOptions.builder().names("ok", null));
    assertEquals("names contains null", e.getMessage());
  }

  @Test
  void nullIsRefusedNamingTheOption() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> MonologueOptions.builder().keepAliveInterval(null));
    assertEquals("keepAliveInterval == null", e.getMessage());
    e = assertThrows(NullPointerException.class, () -> MonologueOptions.builder().timeout(null));
    assertEquals("timeout == null", e.getMessage());
  }

  private static void refused(Executable set, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, set).getMessage());
  }
}
