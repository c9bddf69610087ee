package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.ServerInterceptor;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link ServerInterceptor} hears, for every call whose {@code beforeHandler} it ran, {@code handlerReturned} on
 * the handler's thread (in reverse order) and {@code afterCall} once when the call is over: a value, a failure, an
 * asynchronous result, a cancel. Real relay on loopback.
 */
class ServerCallEndTest {
  private final FaultHarness harness = new FaultHarness();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    harness.close();
  }

  private ServerInterceptor recording(String label) {
    return new ServerInterceptor() {
      @Override
      public void beforeHandler(CallContext call) {
        events.add(label + ":before:" + Thread.currentThread().getName());
      }

      @Override
      public void handlerReturned(CallContext call) {
        events.add(label + ":returned:" + Thread.currentThread().getName());
      }

      @Override
      public void afterCall(CallContext call, Throwable failure) {
        events.add(label + ":end:" + (failure == null ? "ok" : failure.getClass().getSimpleName())
            + (call.isCancelled() ? ":cancelled" : ""));
      }
    };
  }

  @Test
  void eachInterceptorHearsTheHandlerReturnOnItsThreadAndTheCallsEndOnce() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()).serverInterceptor(recording("a"))
        .serverInterceptor(recording("b")));
    server.on("ok", args -> {
      events.add("handler:" + Thread.currentThread().getName());
      return "fine";
    });
    server.on("fails", args -> {
      throw new IllegalStateException("no stock");
    });
    CompletableFuture<String> later = new CompletableFuture<>();
    server.on("async", args -> later);
    MonologueClient caller = harness.connected(options(relay.endpoint()));

    assertEquals("fine", Awaits.await(caller.call(server.id(), "ok", String.class)));
    Awaits.eventually("the call's end was told", () -> events.size() == 7);
    String thread = events.get(0).substring("a:before:".length());
    assertEquals(List.of("a:before:" + thread, "b:before:" + thread, "handler:" + thread, "b:returned:" + thread,
        "a:returned:" + thread, "a:end:ok", "b:end:ok"), events);

    events.clear();
    Awaits.failure(caller.call(server.id(), "fails", String.class));
    Awaits.eventually("the failed call's end was told", () -> events.size() == 6);
    assertEquals(List.of("a:end:IllegalStateException", "b:end:IllegalStateException"), events.subList(4, 6));

    events.clear();
    CompletableFuture<String> async = caller.call(server.id(), "async", String.class);
    Awaits.eventually("the handler returned its future", () -> events.size() == 4);
    assertTrue(events.stream().noneMatch(e -> e.contains(":end:")), "ended before its future completed: " + events);
    later.complete("done");
    assertEquals("done", Awaits.await(async));
    Awaits.eventually("the asynchronous call's end was told", () -> events.size() == 6);
    assertEquals(List.of("a:end:ok", "b:end:ok"), events.subList(4, 6));
  }

  @Test
  void aCancelledCallEndsCancelled() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()).serverInterceptor(recording("a")));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    server.on("wait", args -> {
      started.countDown();
      return never.await(60, TimeUnit.SECONDS);
    });
    MonologueClient caller = harness.connected(options(relay.endpoint()));
    CompletableFuture<Boolean> call = caller.withOptions(CallOptions.builder().timeout(Duration.ofSeconds(60))
        .build()).call(server.id(), "wait", Boolean.class);
    assertTrue(started.await(10, TimeUnit.SECONDS));

    call.cancel(true);

    Awaits.eventually("the cancelled call's end was told", () -> events.size() == 3);
    assertEquals("a:end:InterruptedException:cancelled", events.get(2));
    assertTrue(events.get(1).startsWith("a:returned:"), events.toString());
  }
}
