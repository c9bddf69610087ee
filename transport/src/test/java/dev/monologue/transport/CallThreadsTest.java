package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Over real sockets: a blocked caller is woken from the reader thread, yet no user code ever runs there. */
class CallThreadsTest {
  private final FaultHarness harness = new FaultHarness();
  private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> new Thread(r, "callbacks"));

  @AfterEach
  void stop() {
    harness.close();
    callbacks.shutdownNow();
  }

  @Test
  void continuationsOfEveryKindRunOffTheSocketThread() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()));
    server.on("echo", args -> args.get(0, String.class));
    MonologueClient caller = harness.connected(options(relay.endpoint()).handlerExecutor(callbacks));
    List<String> threads = new CopyOnWriteArrayList<>();
    Function<Object, Object> where = v -> {
      threads.add(Thread.currentThread().getName());
      return v;
    };
    for (int i = 0; i < 20; i++) {
      CompletableFuture<String> call = caller.call(server.id(), "echo", String.class, "hi " + i);
      List<CompletableFuture<?>> stages = List.of(
          call.thenApply(where),
          call.whenComplete((v, e) -> where.apply(v)),
          call.minimalCompletionStage().thenApply(where).toCompletableFuture(),
          CompletableFuture.allOf(call).thenApply(where),
          CompletableFuture.completedFuture(1).thenCompose(x -> call).thenApply(where));
      // Half the calls have a thread blocked on them as the reply comes in.
      if (i % 2 == 0) {
        assertEquals("hi " + i, call.get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
      }
      for (CompletableFuture<?> stage : stages) {
        stage.get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    assertEquals(100, threads.size());
    for (String thread : threads) {
      assertFalse(thread.contains("WebSocket"), "a continuation ran on " + thread);
    }
  }

  @Test
  void aForkJoinPoolOfOneThreadServesAHandlerWaitingForItsOwnClientsOtherHandler() throws Exception {
    // The client's blocking waits go through ForkJoinPool.managedBlock on such a pool's thread, so the pool adds a
    // thread for the inner call while the outer handler waits; without that, its one thread waits for itself.
    ForkJoinPool oneThread = new ForkJoinPool(1, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
    try {
      LocalRelay relay = harness.relay(0);
      MonologueClient server = harness.connected(options(relay.endpoint()).handlerExecutor(oneThread));
      server.on("inner", args -> "inner " + args.get(0, String.class));
      server.on("outer", args -> server.call(server.id(), "inner", String.class, args.get(0, String.class))
          .get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
      MonologueClient caller = harness.connected(options(relay.endpoint()));
      for (int i = 0; i < 3; i++) {
        assertEquals("inner " + i, caller.call(server.id(), "outer", String.class, String.valueOf(i))
            .get(Awaits.WAIT.toMillis() * 2, TimeUnit.MILLISECONDS));
      }
    } finally {
      oneThread.shutdownNow();
    }
  }
}
