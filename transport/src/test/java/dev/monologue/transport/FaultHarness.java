package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.ConnectionListener;
import dev.monologue.MonologueOptions;
import dev.monologue.ReconnectPolicy;
import dev.monologue.relay.LocalRelay;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.testsupport.Awaits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Relays and clients for the fault tests, closed by {@link #close()}; waits are {@link Awaits}'. */
final class FaultHarness implements AutoCloseable {
  /** Fast reconnects, so that tests do not wait for the production backoff. */
  static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(20))
      .maxDelay(Duration.ofMillis(200)).build();

  /** How long connecting may take in these tests. */
  static final Duration CONNECT = Duration.ofSeconds(20);

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
    // Connecting has seconds even where a test sets a call timeout of a fraction of one (connectTimeout would fall
    // back to it): a loaded 2-core machine can take longer than that to finish a handshake.
    return MonologueOptions.builder().endpoint(endpoint).timeout(Duration.ofSeconds(10)).connectTimeout(CONNECT)
        .reconnectPolicy(QUICK);
  }

  /** Options for a client of {@code aws}, over {@code wss://}, trusting its certificate. */
  static MonologueOptions.Builder options(AwsStandIn aws) {
    return options(aws.endpoint()).sslContext(aws.tls().clientContext());
  }

  MonologueClient client(MonologueOptions.Builder options) {
    return add((MonologueClient) new WebSocketTransportProvider().create(options.build()));
  }

  MonologueClient connected(MonologueOptions.Builder options) {
    MonologueClient client = client(options);
    client.connect();
    return client;
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
      String event = seen.poll(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(event != null, "no connection event within " + Awaits.WAIT);
      return event;
    }
  }
}
