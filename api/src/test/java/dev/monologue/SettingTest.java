package dev.monologue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
  private static final ReconnectPolicy RECONNECT_DEFAULTS = ReconnectPolicy.defaults();
  /** The reconnect policy's parts, read from the default policy. */
  private static final Map<String, Object> RECONNECT = Map.of(
      "reconnect", RECONNECT_DEFAULTS.enabled(),
      "reconnectInitialDelay", RECONNECT_DEFAULTS.initialDelay(),
      "reconnectMaxDelay", RECONNECT_DEFAULTS.maxDelay(),
      "reconnectJitter", RECONNECT_DEFAULTS.jitter(),
      "reconnectMaxAttempts", RECONNECT_DEFAULTS.maxAttempts());

  @Test
  void eachSettingIsABuilderOptionAndItsDefaultIsTheClientsOwn() throws ReflectiveOperationException {
    MonologueOptions defaults = MonologueOptions.builder().build();
    for (Setting s : Setting.all()) {
      assertFalse(s.description().isBlank(), s + " has no description");
      assertTrue(s.environmentVariable().startsWith("MONOLOGUE_"), s.environmentVariable());
      if (s.partOfReconnectPolicy()) {
        assertEquals(RECONNECT.get(s.key()), s.defaultValue(), s + ": the table's default");
        continue;
      }
      assertNotNull(builderSetter(s.key()), "MonologueOptions.Builder has no option " + s.key());
      if (s.defaultValue() != null) {
        Method getter = MonologueOptions.class.getMethod(s.key());
        assertEquals(getter.invoke(defaults), s.defaultValue(), s + ": the table's default");
      }
    }
    assertEquals(RECONNECT.keySet().size(), Setting.all().stream().filter(Setting::partOfReconnectPolicy).count());
  }

  @Test
  void appliesTextAndNamesWhereItCameFromWhenRefused() {
    MonologueOptions.Builder b = MonologueOptions.builder();
    Setting.named("connectTimeout").applyTo(b, "PT3S", "--connect-timeout");
    Setting.named("maxCallsInFlight").applyTo(b, "7", "monologue.max-calls-in-flight");
    Setting.named("failFastWhileDisconnected").applyTo(b, "true", "monologue.fail-fast-while-disconnected");
    MonologueOptions o = b.build();
    assertEquals(Duration.ofSeconds(3), o.connectTimeout());
    assertEquals(7, o.maxCallsInFlight());
    assertTrue(o.failFastWhileDisconnected());
    assertTrue(o.isSet("connectTimeout"), "a setting applied so counts as set explicitly");

    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> Setting.named("timeout").applyTo(MonologueOptions.builder(), "PT0S", "monologue.timeout"));
    assertTrue(zero.getMessage().startsWith("monologue.timeout"), zero.getMessage());
    IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
        () -> Setting.named("endpoint").applyTo(MonologueOptions.builder(), "http://x", "--endpoint"));
    assertTrue(scheme.getMessage().startsWith("--endpoint: endpoint must be a ws:// or wss:// URI"),
        scheme.getMessage());
    IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
        () -> Setting.named("reconnectJitter").applyTo(MonologueOptions.builder(), "0.1", "x"));
    assertTrue(policy.getMessage().contains("reconnectPolicy"), policy.getMessage());
  }

  @Test
  void anUnknownNameListsTheSettings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Setting.named("timeOut"));
    assertTrue(e.getMessage().contains("'timeOut'") && e.getMessage().contains("connectTimeout"), e.getMessage());
  }

  private static Method builderSetter(String key) {
    for (Method m : MonologueOptions.Builder.class.getMethods()) {
      if (m.getName().equals(key) && m.getParameterCount() == 1) {
        return m;
      }
    }
    return null;
  }
}
