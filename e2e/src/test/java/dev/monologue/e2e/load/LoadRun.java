package dev.monologue.e2e.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Keeps a fixed number of calls in flight for a fixed time and accounts for every one: made, returned with its own
 * reply, ended any other way (counted by kind: the exception's type, or {@code WrongReply}), and lost (its future
 * never completed within the bound after the run). Each chain starts its next call when the previous one completes,
 * so latencies are kept per chain without locking. The callees' handlers report each call they run
 * ({@link #invoked}), each call's text being unique, so a call whose handler ran twice (a request delivered twice,
 * whose second reply the caller drops) is counted too, though its caller saw nothing wrong.
 */
final class LoadRun {
  /** What one run counted; latencies in microseconds, exact. */
  record Outcome(long made, long returned, Map<String, Long> failed, long lost, long invokedTwice,
      double seconds, double p50Micros, double p99Micros, double maxMicros) {
    long failedTotal() {
      return failed.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Fails unless every call made returned its own reply and ran its handler exactly once: no call ended by any
     * other kind (a timeout is a loss too), none is still pending, none ran twice, and the counts add up.
     */
    void assertNothingLost() {
      if (!failed.isEmpty() || lost != 0 || made != returned + failedTotal() || returned == 0) {
        throw new AssertionError("calls that did not end with their reply, by kind: " + failed + "; never ended: "
            + lost + "; unaccounted for: " + (made - returned - failedTotal() - lost) + " (" + this + ")");
      }
      if (invokedTwice != 0) {
        throw new AssertionError(invokedTwice + " calls ran their handler more than once (" + this + ")");
      }
    }

    @Override
    public String toString() {
      return String.format("made %,d, returned %,d, failed %,d %s, lost %,d, handler run more than once %,d"
          + " in %.1f s (%,.0f calls/s); latency p50 %.0f µs, p99 %.0f µs, max %.0f µs", made, returned,
          failedTotal(), failed, lost, invokedTwice, seconds, returned / seconds, p50Micros, p99Micros, maxMicros);
    }
  }

  /** Starts call number {@code seq} of chain {@code chain}; the future completes with the echoed text. */
  interface Caller {
    CompletableFuture<String> call(int chain, String text);
  }

  private final List<Chain> chains = new ArrayList<>();
  private final Set<CompletableFuture<String>> outstanding = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, AtomicLong> failed = new ConcurrentHashMap<>();
  private final AtomicLong made = new AtomicLong();
  private final AtomicLong returned = new AtomicLong();
  /** How often each call's handler ran, by the call's text. */
  private final ConcurrentHashMap<String, AtomicLong> invocations = new ConcurrentHashMap<>();
  private final Executor restart;
  private volatile boolean stop;
  private CountDownLatch ended;
  private long startNanos;

  /** {@code restart} runs the next call of a chain whose call failed at once, so failures never recurse. */
  LoadRun(Executor restart) {
    this.restart = restart;
  }

  Outcome run(int chainCount, Function<Integer, Caller> callers, Duration length, Duration drainBound)
      throws InterruptedException {
    start(chainCount, callers);
    // Not synchronization: the load runs for this long, whatever happens.
    Thread.sleep(length.toMillis());
    return finish(drainBound);
  }

  /** Starts the chains; {@link #finish} stops them. */
  void start(int chainCount, Function<Integer, Caller> callers) {
    ended = new CountDownLatch(chainCount);
    for (int i = 0; i < chainCount; i++) {
      chains.add(new Chain(i, callers.apply(i)));
    }
    startNanos = System.nanoTime();
    chains.forEach(Chain::next);
  }

  /** A callee's handler ran the call whose text is {@code text}; returns the text, to echo it. */
  String invoked(String text) {
    invocations.computeIfAbsent(text, t -> new AtomicLong()).incrementAndGet();
    return text;
  }

  /** Calls that returned their reply so far. */
  long returned() {
    return returned.get();
  }

  /** Stops starting calls, waits up to {@code drainBound} for the calls in flight, and counts. */
  Outcome finish(Duration drainBound) throws InterruptedException {
    stop = true;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    ended.await(drainBound.toMillis(), TimeUnit.MILLISECONDS);
    long lost = outstanding.size();
    long[] all = chains.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).sorted().toArray();
    Map<String, Long> failures = new TreeMap<>();
    failed.forEach((k, v) -> failures.put(k, v.get()));
    long invokedTwice = invocations.values().stream().filter(n -> n.get() > 1).count();
    return new Outcome(made.get(), returned.get(), failures, lost, invokedTwice, seconds, quantile(all, 0.50) / 1e3,
        quantile(all, 0.99) / 1e3, all.length == 0 ? 0 : all[all.length - 1] / 1e3);
  }

  private static double quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  /** One call at a time, one after the other; only the thread completing its previous call touches it. */
  private final class Chain {
    final int id;
    final Caller caller;
    long[] latencies = new long[1024];
    int count;
    long seq;

    Chain(int id, Caller caller) {
      this.id = id;
      this.caller = caller;
    }

    void next() {
      if (stop) {
        ended.countDown();
        return;
      }
      String text = "c" + id + "-" + (seq++);
      long start = System.nanoTime();
      made.incrementAndGet();
      CompletableFuture<String> call;
      try {
        call = caller.call(id, text);
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      outstanding.add(call);
      CompletableFuture<String> f = call;
      f.whenComplete((value, error) -> {
        long nanos = System.nanoTime() - start;
        outstanding.remove(f);
        if (error == null && text.equals(value)) {
          returned.incrementAndGet();
          if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
          }
          latencies[count++] = nanos;
          next();
          return;
        }
        String kind = error == null ? "WrongReply" : unwrap(error).getClass().getSimpleName();
        failed.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        restart.execute(this::next); // not inline: a call that fails at once must not recurse
      });
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.CompletionException
        || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
