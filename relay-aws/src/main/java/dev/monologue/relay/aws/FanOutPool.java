package dev.monologue.relay.aws;

import dev.monologue.relay.core.Delivery;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the posts of one fan-out ({@code sendall}) in parallel on a fixed pool of one Lambda container, so that a
 * group of a thousand members is reached in well under the function's timeout: each post waits on its HTTP round
 * trip (about 20 ms from Lambda), and {@value #DEFAULT_THREADS} of them overlap. The calling thread takes part, so a
 * fan-out progresses even while another invocation's fan-out (the stand-in runs several at once) holds the pool.
 *
 * <p>Bounded in time: no post starts more than {@link #DEFAULT_BUDGET} after the fan-out began; the members not
 * reached by then are answered {@link Delivery#FAILED} (not sent, so not delivered), and the sender's FANOUT report
 * says so for each. The written budget: the budget, plus one post in flight ({@link RetryPolicy#worstCase()}), plus
 * the report's own post, stays inside the function's 10 s timeout (TemplateTest checks the sum against
 * template.yaml).
 */
final class FanOutPool implements AutoCloseable {
  /** Posts in flight at once per container: 1,000 members at 20 ms a post take about 0.7 s. */
  static final int DEFAULT_THREADS = 32;
  /** No post of a fan-out starts later than this after it began. */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(4);

  private static final Logger log = LoggerFactory.getLogger(FanOutPool.class);

  private final int threads;
  private final Duration budget;
  private final Duration postWorstCase;
  private final ThreadPoolExecutor executor;

  /**
   * @param threads how many posts run at once, the calling thread's included
   * @param budget how long after the fan-out began a post may still start
   * @param postWorstCase the longest one post takes (its retries included), to bound the wait for the last ones
   */
  FanOutPool(int threads, Duration budget, Duration postWorstCase) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads = threads;
    this.budget = budget;
    this.postWorstCase = postWorstCase;
    AtomicInteger n = new AtomicInteger();
    // threads start on demand and end after a minute idle; the queue holds at most threads - 1 tasks per fan-out
    this.executor = new ThreadPoolExecutor(Math.max(1, threads - 1), Math.max(1, threads - 1), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "fan-out-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    executor.allowCoreThreadTimeOut(true);
  }

  int threads() {
    return threads;
  }

  /**
   * Sends {@code frameFor(id)} to each of {@code ids} with {@code send}, up to {@link #threads()} at once, and
   * returns what became of each, in the order of {@code ids}. Each frame is built just before its post, so a
   * fan-out holds at most {@link #threads()} frames at once, not one per member; a null frame (a member found gone
   * as it was made) is not sent, and is {@link Delivery#GONE}.
   */
  List<Delivery> sendEach(List<String> ids, Function<String, String> frameFor,
      BiFunction<String, String, Delivery> send) {
    int n = ids.size();
    Delivery[] out = new Delivery[n];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(n);
    long start = System.nanoTime();
    long lastStart = start + budget.toNanos();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        String id = ids.get(i);
        try {
          if (System.nanoTime() - lastStart >= 0) {
            out[i] = Delivery.FAILED;
          } else {
            String frame = frameFor.apply(id);
            out[i] = frame == null ? Delivery.GONE : send.apply(id, frame); // null: found gone, not sent
          }
        } catch (RuntimeException e) {
          log.error("Fan-out post to {} failed unexpectedly", id, e);
          out[i] = Delivery.UNCERTAIN;
        } finally {
          done.countDown();
        }
      }
    };
    for (int helper = 1; helper < Math.min(threads, n); helper++) {
      try {
        executor.execute(worker); // one that starts after the work is taken finds nothing left and ends
      } catch (RejectedExecutionException e) {
        break; // closing: the calling thread does the rest
      }
    }
    worker.run();
    try {
      if (!done.await(budget.plus(postWorstCase).plusSeconds(1).toNanos(), TimeUnit.NANOSECONDS)) {
        log.error("Fan-out of {} posts: some still running past the budget; reported as uncertain", n);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int unreached = 0;
    for (int i = 0; i < n; i++) {
      if (out[i] == null) {
        out[i] = Delivery.UNCERTAIN; // still in flight: it may yet arrive
      } else if (out[i] == Delivery.FAILED) {
        unreached++;
      }
    }
    if (unreached > 0) {
      log.warn("Fan-out of {} posts: {} not delivered (not started within {} ms, or refused)", n, unreached,
          budget.toMillis());
    }
    log.debug("Fan-out of {} posts in {} ms", n, (System.nanoTime() - start) / 1_000_000);
    return Arrays.asList(out);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
