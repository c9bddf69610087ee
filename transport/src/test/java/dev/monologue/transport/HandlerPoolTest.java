package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import dev.monologue.testsupport.Awaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The owned handler pool: a thread only when every thread is busy, up to its maximum, then a bounded queue. */
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

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
