package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.MethodHandler;
import dev.monologue.transport.HandlerRegistry.Registration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerRegistryTest {
  private static final MethodHandler NOOP = args -> null;

  private static Registration reg(String name, String owner) {
    return new Registration(name, NOOP, null, owner);
  }

  @Test
  void duplicateNameNamesBothOwners() {
    HandlerRegistry registry = new HandlerRegistry(10);
    registry.addAll(List.of(reg("Greeter.hello", "service a.Greeter")));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> registry.addAll(List.of(reg("Other.x", "service b.Greeter"), reg("Greeter.hello", "service b.Greeter"))));
    assertTrue(e.getMessage().contains("service a.Greeter") && e.getMessage().contains("service b.Greeter"),
        e.getMessage());
    assertNull(registry.get("Other.x"), "a failed registration adds nothing");
  }

  @Test
  void limitCountsEveryRegistration() {
    HandlerRegistry registry = new HandlerRegistry(2);
    registry.addAll(List.of(reg("a", "on(\"a\")")));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> registry.addAll(List.of(reg("b", "service S"), reg("c", "service S"))));
    assertTrue(e.getMessage().contains("at most 2"), e.getMessage());
    registry.addAll(List.of(reg("b", "on(\"b\")")));
    assertNotNull(registry.get("b"));
    assertEquals(2, registry.size());
  }
}
