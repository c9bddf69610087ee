package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The future user code gets for a call: woken by the reader thread, never completed on it. */
class CallFutureTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "reader"));
  private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "callbacks"));
  private final ExecutorService waiter = Executors.newSingleThreadExecutor(r -> new Thread(r, "waiter"));

  @AfterEach
  void stop() {
    reader.shutdownNow();
    callbacks.shutdownNow();
    waiter.shutdownNow();
  }

  /** An executor that keeps its tasks without running them, to show that nothing went through it. */
  private static final class Parked implements Executor {
    final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }
  }

  private void completeOnReader(CompletableFuture<Object> reply, Object value) throws Exception {
    reader.submit(() -> reply.complete(value)).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until {@code thread} is parked inside the future's wait: parked anywhere else (its pool's queue, before it
   * took the task) it has not registered as a waiter yet.
   */
  private static void awaitBlocked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!blockedInCallFuture(thread)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread.getName() + " did not block in CallFuture: " + thread.getState());
      }
      Thread.sleep(1); // polling with a deadline
    }
  }

  private static boolean blockedInCallFuture(Thread thread) {
    Thread.State state = thread.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(CallFuture.class.getName()) && frame.getMethodName().equals("await")) {
        return true;
      }
    }
    return false;
  }

  private Thread waiterThread() throws Exception {
    return waiter.submit(Thread::currentThread).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void aBlockedGetIsWokenByTheReplyWithoutTheExecutor() throws Exception {
    Parked parked = new Parked();
    CompletableFuture<Object> reply = new CompletableFuture<>();
    CallFuture<String> future = CallFuture.of(reply, parked, Function.identity());
    Thread blocked = waiterThread();
    Future<String> got = waiter.submit(() -> future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    awaitBlocked(blocked);
    completeOnReader(reply, "pong");
    assertEquals("pong", got.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(future.isDone());
    assertTrue(parked.tasks.isEmpty(), "the waiter completed the future itself");
  }

  @Test
  void aBlockedJoinIsWokenTooAndSeesFailuresMapped() throws Exception {
    Parked parked = new Parked();
    CompletableFuture<Object> reply = new CompletableFuture<>();
    List<String> mappedOn = new CopyOnWriteArrayList<>();
    CallFuture<String> future = CallFuture.of(reply, parked, error -> {
      mappedOn.add(Thread.currentThread().getName());
      return new IllegalStateException("mapped", error);
    });
    Thread blocked = waiterThread();
    Future<Throwable> thrown = waiter.submit(() -> {
      try {
        future.join();
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    awaitBlocked(blocked);
    reader.submit(() -> reply.completeExceptionally(new ArithmeticException("boom")))
        .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    Throwable e = thrown.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    IllegalStateException mapped = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertInstanceOf(ArithmeticException.class, mapped.getCause());
    assertEquals(List.of("waiter"), mappedOn, "mapped on the waiting thread, not the reader");
    assertTrue(parked.tasks.isEmpty());
  }

  @Test
  void withNobodyWaitingTheExecutorCompletesItAndNoDependentRunsOnTheReader() throws Exception {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    CallFuture<String> future = CallFuture.of(reply, callbacks, Function.identity());
    List<String> threads = new CopyOnWriteArrayList<>();
    Function<Object, Object> where = v -> {
      threads.add(Thread.currentThread().getName());
      return v;
    };
    List<CompletableFuture<?>> stages = List.of(
        future.thenApply(where),
        future.whenComplete((v, e) -> where.apply(v)),
        future.toCompletableFuture().thenApply(where),
        future.minimalCompletionStage().thenApply(where).toCompletableFuture(),
        CompletableFuture.allOf(future).thenApply(where),
        CompletableFuture.anyOf(future).thenApply(where),
        CompletableFuture.completedFuture(1).thenCompose(x -> future).thenApply(where),
        CompletableFuture.completedFuture("x").thenCombine(future, (a, b) -> b).thenApply(where));
    completeOnReader(reply, "pong");
    for (CompletableFuture<?> stage : stages) {
      stage.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }
    assertEquals(stages.size(), threads.size(), threads.toString());
    assertTrue(threads.stream().allMatch("callbacks"::equals), threads.toString());
  }

  @Test
  void cancellingCancelsTheReplyAndWakesAWaiter() throws Exception {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    CallFuture<String> future = CallFuture.of(reply, new Parked(), Function.identity());
    Thread blocked = waiterThread();
    Future<Object> got = waiter.submit(() -> future.get());
    awaitBlocked(blocked);
    assertTrue(future.cancel(false));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> got.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(CancellationException.class, e.getCause());
    assertTrue(reply.isCancelled(), "the call is cancelled too");
  }

  @Test
  void completingByHandWakesAWaiter() throws Exception {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    CallFuture<String> future = CallFuture.of(reply, new Parked(), Function.identity());
    Thread blocked = waiterThread();
    Future<String> got = waiter.submit(() -> future.get());
    awaitBlocked(blocked);
    future.complete("by hand");
    assertEquals("by hand", got.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    completeOnReader(reply, "late");
    assertEquals("by hand", future.getNow(null));
  }

  @Test
  void aTimedGetTimesOutAndALaterReplyStillCompletesTheFuture() throws Exception {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    CallFuture<String> future = CallFuture.of(reply, callbacks, Function.identity());
    long start = System.nanoTime();
    assertThrows(TimeoutException.class, () -> future.get(50, TimeUnit.MILLISECONDS));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(BOUND) < 0);
    completeOnReader(reply, "pong");
    assertEquals("pong", future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void aRejectingExecutorStillCompletesTheFuture() throws Exception {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    CallFuture<String> future = CallFuture.of(reply, task -> {
      throw new RejectedExecutionException("full");
    }, Function.identity());
    completeOnReader(reply, "pong");
    assertTrue(future.isDone(), "completed on the rejected thread rather than never");
    assertEquals("pong", future.getNow(null));
  }

  @Test
  void anAlreadyFailedReplyGivesAFailedFutureAtOnce() {
    IllegalStateException error = new IllegalStateException("not connected");
    CallFuture<String> future = CallFuture.of(CompletableFuture.failedFuture(error), new Parked(),
        Function.identity());
    assertTrue(future.isCompletedExceptionally());
    CompletableFuture<String> plain = future.toCompletableFuture();
    assertSame(future, plain);
    ExecutionException e = assertThrows(ExecutionException.class, future::get);
    assertSame(error, e.getCause());
  }
}
