package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.MonologueService;
import dev.monologue.binding.ServiceBindings;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.ReturnKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The stub a typed callAll hands its function: it notes the one call and returns placeholders a stub can use. */
class CallRecorderTest {
  @MonologueService("Counter")
  interface Counter {
    int count(String what, long times);

    boolean ready();

    void reset();

    CompletableFuture<List<String>> names(int max);
  }

  @Test
  void notesTheMethodAndItsArgumentsAndReturnsPlaceholdersThatUnbox() {
    CallRecorder recorder = new CallRecorder();
    Counter stub = ServiceBindings.proxyStub(Counter.class, recorder);
    assertEquals(0, stub.count("sheep", 3L));
    MethodDescriptor method = recorder.method(Counter.class);
    assertEquals("Counter.count", method.wireName());
    assertArrayEquals(new Object[] {"sheep", 3L}, recorder.args());

    CallRecorder again = new CallRecorder();
    assertFalse(ServiceBindings.proxyStub(Counter.class, again).ready());
    assertEquals("Counter.ready", again.method(Counter.class).wireName());
    assertArrayEquals(new Object[0], again.args());

    CallRecorder future = new CallRecorder();
    CompletableFuture<List<String>> pending = ServiceBindings.proxyStub(Counter.class, future).names(5);
    assertFalse(pending.isDone(), "a placeholder future never completes");
    assertEquals(ReturnKind.FUTURE, future.method(Counter.class).returnKind());

    CallRecorder none = new CallRecorder();
    ServiceBindings.proxyStub(Counter.class, none).reset();
    assertEquals(0, none.args().length);
    assertEquals(ReturnKind.VOID, none.method(Counter.class).returnKind());
  }

  @Test
  void refusesAFunctionThatCallsNoMethodOrMoreThanOne() {
    CallRecorder idle = new CallRecorder();
    ServiceBindings.proxyStub(Counter.class, idle);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> idle.method(Counter.class));
    assertTrue(e.getMessage().contains("exactly one method of " + Counter.class.getName()), e.getMessage());
    assertTrue(e.getMessage().endsWith("it called 0"), e.getMessage());

    CallRecorder busy = new CallRecorder();
    Counter stub = ServiceBindings.proxyStub(Counter.class, busy);
    stub.ready();
    stub.reset();
    e = assertThrows(IllegalArgumentException.class, () -> busy.method(Counter.class));
    assertTrue(e.getMessage().endsWith("it called 2"), e.getMessage());
  }
}
