package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import dev.monologue.testsupport.Awaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The owned handler pool: work queues behind the awake threads, another thread for work that waits behind blocked
 * ones, up to the maximum, then a bounded queue.
 */
class HandlerPoolTest {
  private HandlerPool pool;

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void tasksOneAtATimeStayOnOneThread() throws Exception {
    pool = HandlerPool.create(100);
    for (int i = 0; i < 200; i++) {
      CountDownLatch ran = new CountDownLatch(1);
      pool.execute(ran::countDown);
      assertTrue(ran.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
      Awaits.eventually("the task is finished", () -> pool.busy() == 0);
    }
    assertEquals(1, pool.getLargestPoolSize(), "threads started for 200 tasks run one at a time");
  }

  @Test
  void busyThreadsMakeRoomForMoreUpToTheMaximumThenTheQueueThenRefuse() throws Exception {
    pool = HandlerPool.create(1);
    CountDownLatch started = new CountDownLatch(HandlerPool.THREADS);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < HandlerPool.THREADS; i++) {
      pool.execute(() -> {
        started.countDown();
        awaitQuietly(release);
      });
    }
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "every blocked task runs");
    CountDownLatch queuedRan = new CountDownLatch(1);
    pool.execute(queuedRan::countDown);
    assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}));
    assertEquals(HandlerPool.THREADS, pool.getPoolSize());
    release.countDown();
    assertTrue(queuedRan.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the queued task runs");
    Awaits.eventually("every task is finished", () -> pool.busy() == 0);
  }

  @Test
  void aBurstOfShortTasksRunsOnAFewThreadsNotAThreadEach() throws Exception {
    pool = HandlerPool.create(10_000);
    int tasks = 5_000;
    CountDownLatch ran = new CountDownLatch(tasks);
    for (int i = 0; i < tasks; i++) {
      pool.execute(ran::countDown);
    }
    assertTrue(ran.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    // One thread is woken for the burst; another only when work queued at one look of the monitor is still queued
    // 10 ms later (a descheduled thread on a loaded machine). A thread per task while the others are busy would reach
    // the maximum of 64.
    assertTrue(pool.getLargestPoolSize() <= 8, pool.getLargestPoolSize() + " threads for a burst of short tasks");
  }

  @Test
  void aTaskQueuedBehindABlockedThreadGetsAnotherThread() throws Exception {
    pool = HandlerPool.create(100);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    pool.execute(() -> {
      if (awaitQuietly(release)) {
        released.countDown();
      }
    });
    // Queued behind the blocked thread (which counts as awake): the monitor must wake or start another for it.
    pool.execute(release::countDown);
    assertTrue(released.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the second task ran");
  }

  @Test
  void aRunOfShortBlockingTasksGetsMoreThreads() throws Exception {
    // Each task blocks in code the pool cannot see (as a 5 ms JDBC call would), for less than a stall: the head of
    // the queue moves before every look of the monitor, yet what was queued at one look is still queued at the next.
    Duration stall = Duration.ofMillis(50);
    pool = HandlerPool.create(10_000, stall);
    int tasks = 400; // 2 s on one thread
    CountDownLatch ran = new CountDownLatch(tasks);
    for (int i = 0; i < tasks; i++) {
      pool.execute(() -> {
        try {
          Thread.sleep(5); // the work: a blocking call, not a wait for another thread
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ran.countDown();
      });
    }
    assertTrue(ran.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    // One more thread per look while work waits: ten or so before the queue is through on a quiet machine.
    assertTrue(pool.getLargestPoolSize() >= 3, pool.getLargestPoolSize() + " threads for 2 s of blocking tasks");
  }

  @Test
  void aThreadWaitingForAReplyLetsTheQueuedWorkRunAtOnce() throws Exception {
    // No monitor in time: only the waiting thread's telling its pool lets the second task run.
    pool = HandlerPool.create(100, Duration.ofHours(1));
    CompletableFuture<String> reply = new CompletableFuture<>();
    CompletableFuture<String> seen = new CompletableFuture<>();
    CountDownLatch waiting = new CountDownLatch(1);
    pool.execute(() -> {
      try {
        waiting.countDown();
        seen.complete(HandlerThread.whileBlocked(() -> reply.get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS)));
      } catch (Exception e) {
        seen.completeExceptionally(e);
      }
    });
    assertTrue(waiting.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    pool.execute(() -> reply.complete("the reply"));
    assertEquals("the reply", seen.get(Awaits.WAIT.toMillis() * 2, TimeUnit.MILLISECONDS));
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
