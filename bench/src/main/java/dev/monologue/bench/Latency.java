package dev.monologue.bench;

import java.time.Duration;
import java.util.Arrays;

/**
 * Round-trip latency with one call in flight: calls one after another for a fixed time and keeps every sample, so
 * the percentiles are exact (at one call in flight a window holds at most a few tens of thousands of samples).
 */
final class Latency {
  /** Percentiles of one window, in microseconds. */
  record Result(double p50Micros, double p99Micros, int samples) {}

  private Latency() {}

  static Result measure(Contender contender, Duration window) throws Exception {
    long[] samples = new long[1 << 14];
    int n = 0;
    long end = System.nanoTime() + window.toNanos();
    long now;
    do {
      long start = System.nanoTime();
      contender.callAndWait();
      now = System.nanoTime();
      if (n == samples.length) {
        samples = Arrays.copyOf(samples, n * 2);
      }
      samples[n++] = now - start;
    } while (now < end);
    Arrays.sort(samples, 0, n);
    return new Result(percentile(samples, n, 0.50) / 1e3, percentile(samples, n, 0.99) / 1e3, n);
  }

  private static long percentile(long[] sorted, int n, double q) {
    int index = (int) Math.ceil(q * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, index))];
  }
}
