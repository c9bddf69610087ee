package dev.monologue.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.MonologueOptions;
import dev.monologue.Setting;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The {@code monologue.*} properties reach the client's options, each through its {@link Setting}. */
class MonologuePropertiesTest {
  /** A property's text, and the option's value it must give: none of them the default. */
  private record Given(String text, Object value) {}

  private static final Map<String, Given> EVERY_SETTING = Map.ofEntries(
      Map.entry("endpoint", new Given("ws://127.0.0.1:9/x", URI.create("ws://127.0.0.1:9/x"))),
      Map.entry("apiKey", new Given("k-1", "k-1")),
      Map.entry("timeout", new Given("7s", Duration.ofSeconds(7))),
      Map.entry("connectTimeout", new Given("PT9S", Duration.ofSeconds(9))),
      Map.entry("ownerSecret", new Given("an-owner-secret-of-some-length", "an-owner-secret-of-some-length")),
      Map.entry("ownerSecretFile", new Given("/tmp/secret", Path.of("/tmp/secret"))),
      Map.entry("listeners", new Given("3", 3)),
      Map.entry("maxCallsInFlight", new Given("4", 4)),
      Map.entry("waitForCallSlot", new Given("true", true)),
      Map.entry("maxQueuedHandlerCalls", new Given("5", 5)),
      Map.entry("maxMessageBytes", new Given("4096", 4096)),
      Map.entry("keepAliveInterval", new Given("0", Duration.ZERO)),
      Map.entry("maxConnectionAge", new Given("2h", Duration.ofHours(2))),
      Map.entry("probeInterval", new Given("250ms", Duration.ofMillis(250))),
      Map.entry("failFastWhileDisconnected", new Given("true", true)));

  @Test
  void everySettingOfTheStarterReachesTheOptions() throws ReflectiveOperationException {
    Map<String, String> source = new HashMap<>();
    EVERY_SETTING.forEach((key, given) -> source.put(MonologueProperties.propertyName(key), given.text()));
    source.put("monologue.names", "a,b");
    MonologueOptions.Builder b = MonologueOptions.builder();
    bind(source).applyTo(b);
    MonologueOptions options = b.build();

    Set<String> components = new LinkedHashSet<>();
    for (RecordComponent c : MonologueProperties.class.getRecordComponents()) {
      components.add(c.getName());
    }
    components.removeAll(Set.of("names", "groups"));
    assertEquals(components, EVERY_SETTING.keySet(), "each setting property is given here");
    for (Map.Entry<String, Given> e : EVERY_SETTING.entrySet()) {
      assertEquals(e.getValue().value(), MonologueOptions.class.getMethod(e.getKey()).invoke(options),
          MonologueProperties.propertyName(e.getKey()));
    }
    assertEquals(Set.of("a", "b"), options.names());
  }

  @Test
  void theStarterOffersEverySettingButTheReconnectPolicysParts() {
    for (Setting s : Setting.all()) {
      boolean offered = java.util.Arrays.stream(MonologueProperties.class.getRecordComponents())
          .anyMatch(c -> c.getName().equals(s.key()));
      assertEquals(!s.partOfReconnectPolicy(), offered, s.key());
    }
  }

  @Test
  void aRefusedValueNamesTheProperty() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bind(Map.of("monologue.max-calls-in-flight", "0")).applyTo(MonologueOptions.builder()));
    assertTrue(e.getMessage().startsWith("A monologue.* property is not valid: monologue.max-calls-in-flight"),
        e.getMessage());
  }

  private static MonologueProperties bind(Map<String, String> source) {
    return new Binder(new MapConfigurationPropertySource(source))
        .bind("monologue", Bindable.of(MonologueProperties.class)).get();
  }
}
