package dev.monologue.bench;

import java.util.Arrays;

/**
 * Round-trip latency with one call in flight: a fixed number of calls one after another, every sample kept, so the
 * percentiles and the maximum are exact.
 */
final class Latency {
  /** Percentiles and the slowest call of one run, in microseconds. */
  record Result(double p50Micros, double p99Micros, double maxMicros, int samples) {
    static Result ofNanos(long[] sorted, int n) {
      return new Result(percentile(sorted, n, 0.50) / 1e3, percentile(sorted, n, 0.99) / 1e3, sorted[n - 1] / 1e3,
          n);
    }
  }

  private Latency() {}

  static Result measure(Connection connection, int calls) throws Exception {
    long[] samples = new long[calls];
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      connection.callAndWait();
      samples[i] = System.nanoTime() - start;
    }
    Arrays.sort(samples);
    return Result.ofNanos(samples, calls);
  }

  private static long percentile(long[] sorted, int n, double q) {
    int index = (int) Math.ceil(q * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, index))];
  }
}
