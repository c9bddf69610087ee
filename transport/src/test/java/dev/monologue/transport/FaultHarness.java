package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.ConnectionListener;
import dev.monologue.MonologueOptions;
import dev.monologue.ReconnectPolicy;
import dev.monologue.relay.LocalRelay;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Relays and clients for the fault tests, closed by {@link #close()}; every wait bounded by {@link #WAIT}. */
final class FaultHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);
  /** Fast reconnects, so that tests do not wait for the production backoff. */
  static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(20))
      .maxDelay(Duration.ofMillis(200)).build();

  private final List<AutoCloseable> open = new ArrayList<>();

  LocalRelay relay(int port) {
    LocalRelay relay = LocalRelay.builder().host("127.0.0.1").port(port).build();
    relay.start();
    open.add(relay);
    return relay;
  }

  <T extends AutoCloseable> T add(T closeable) {
    open.add(closeable);
    return closeable;
  }

  static MonologueOptions.Builder options(URI endpoint) {
    return MonologueOptions.builder().endpoint(endpoint).timeout(Duration.ofSeconds(10)).reconnectPolicy(QUICK);
  }

  MonologueClient client(MonologueOptions.Builder options) {
    return add((MonologueClient) new WebSocketTransportProvider().create(options.build()));
  }

  MonologueClient connected(MonologueOptions.Builder options) {
    MonologueClient client = client(options);
    client.connect();
    return client;
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static Throwable failure(CompletableFuture<?> future) throws Exception {
    try {
      Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      Thread.sleep(10); // polling interval; the deadline bounds the wait
    }
  }

  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  /** Records connection events as strings: {@code down <old>}, {@code up <old> <new>}, {@code gave-up <old>}. */
  static final class Events implements ConnectionListener {
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    volatile String thread;

    @Override
    public void onDisconnected(String oldId, Throwable reason) {
      thread = Thread.currentThread().getName();
      seen.add("down " + oldId);
    }

    @Override
    public void onReconnected(String oldId, String newId) {
      thread = Thread.currentThread().getName();
      seen.add("up " + oldId + " " + newId);
    }

    @Override
    public void onReconnectFailed(String oldId, int attempts, Throwable lastError) {
      seen.add("gave-up " + oldId + " " + attempts);
    }

    String next() throws InterruptedException {
      String event = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(event != null, "no connection event within " + WAIT);
      return event;
    }
  }
}
