package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.eventually;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.relay.LocalRelay;
import dev.monologue.relay.RelayBackend;
import dev.monologue.relay.core.Router;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.FaultProxy;
import dev.monologue.wire.ClientFrames;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keep-alive on quiet connections, and the planned switch to a fresh connection before the age limit. */
class KeepAliveFaultTest {
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  /** A relay that counts each connection's keep-alives, and answers none when {@code echoAll} is false. */
  private LocalRelay countingRelay(Map<String, AtomicInteger> keepAlives, boolean echoAll) {
    LocalRelay relay = LocalRelay.builder().port(0).backend(connections -> new RelayBackend() {
      final Router router = new Router(connections, LocalRelay.DEFAULT_MAX_MESSAGE_BYTES);

      @Override
      public void onConnect(String id, Map<String, String> headers) {}

      @Override
      public void onText(String id, String frame) {
        if (frame.equals(ClientFrames.KEEPALIVE)) {
          keepAlives.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
          if (!echoAll) {
            return;
          }
        }
        router.onText(id, frame);
      }

      @Override
      public void onDisconnect(String id) {}
    }).build();
    relay.start();
    return harness.add(relay);
  }

  @Test
  void idleConnectionSendsKeepAlivesThatTheRelaySeesAndEchoes() throws Exception {
    Map<String, AtomicInteger> keepAlives = new ConcurrentHashMap<>();
    LocalRelay relay = countingRelay(keepAlives, true);
    MonologueClient client = harness.connected(options(relay.endpoint())
        .keepAliveInterval(Duration.ofMillis(100)));
    String id = client.id();
    eventually("three keep-alives reach the relay", () -> keepAlives.containsKey(id) && keepAlives.get(id).get() >= 3);
    eventually("their answers come back", () -> client.keepAliveCounts()[1] >= 3);
    assertEquals(id, client.id(), "keep-alives do not change the connection");
  }

  @Test
  void busyConnectionSendsNoKeepAlive() throws Exception {
    Map<String, AtomicInteger> keepAlives = new ConcurrentHashMap<>();
    LocalRelay relay = countingRelay(keepAlives, true);
    MonologueClient server = harness.connected(options(relay.endpoint()).keepAliveInterval(Duration.ZERO));
    server.on("n", args -> 1);
    // Seconds, not a fraction of one: a call that takes longer than the interval on a loaded machine leaves the
    // connection quiet that long, and then a keep-alive is due.
    MonologueClient client = harness.connected(options(relay.endpoint())
        .keepAliveInterval(Duration.ofSeconds(2)));
    long end = System.nanoTime() + Duration.ofMillis(4500).toNanos();
    while (System.nanoTime() < end) {
      await(client.call(server.id(), "n")); // traffic far more often than every 2 s
    }
    assertEquals(null, keepAlives.get(client.id()), "no keep-alive: sending resets the idle timer");
  }

  /**
   * The link is black-holed both ways (nothing closes) while the client keeps sending: having received nothing for
   * its keep-alive interval, it checks the connection, and replaces it within the interval, the echo timeout and a
   * reconnect.
   */
  @Test
  void blackHoleUnderSteadySendingIsDetectedAndReplacedWithinTheBound() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()).keepAliveInterval(Duration.ZERO));
    server.on("n", args -> 1);
    FaultProxy proxy = harness.add(FaultProxy.to(relay.endpoint()));
    FaultHarness.Events events = new FaultHarness.Events();
    Duration interval = Duration.ofMillis(500);
    Duration timeout = Duration.ofSeconds(2);
    Duration bound = interval.plus(timeout).plusSeconds(5);
    MonologueClient client = harness.connected(options(proxy.endpoint(relay.endpoint())).timeout(timeout)
        .keepAliveInterval(interval).connectionListener(events));
    String id = client.id();
    await(client.call(server.id(), "n"));
    ScheduledExecutorService sending = Executors.newSingleThreadScheduledExecutor();
    try {
      // A call every 50 ms, before and during the black hole: the client never goes quiet on its side.
      sending.scheduleAtFixedRate(() -> client.call(server.id(), "n"), 0, 50, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      proxy.blackHoleOpenConnections();
      assertEquals("down " + id, events.next());
      String up = events.next();
      assertTrue(up.startsWith("up " + id + " "), up);
      long millis = Awaits.millisSince(start);
      assertTrue(millis < bound.toMillis(), "replaced after " + millis + " ms; the bound is " + bound);
      assertEquals(1, await(client.call(server.id(), "n", Integer.class)), "calls work on the new connection");
    } finally {
      sending.shutdownNow();
    }
  }

  @Test
  void connectionThatStopsEchoingIsReplaced() throws Exception {
    Map<String, AtomicInteger> keepAlives = new ConcurrentHashMap<>();
    LocalRelay relay = countingRelay(keepAlives, false);
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient client = harness.connected(options(relay.endpoint()).timeout(Duration.ofMillis(500))
        .keepAliveInterval(Duration.ofMillis(100)).connectionListener(events));
    String id = client.id();
    assertEquals("down " + id, events.next());
    assertTrue(events.next().startsWith("up " + id + " "));
  }

  @Test
  void connectionIsRenewedBeforeItsAgeLimitWithoutLosingACallInFlight() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    MonologueClient server = harness.connected(options(relay.endpoint()).maxConnectionAge(Duration.ZERO));
    server.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    server.on("echo", args -> args.get(0, String.class));
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient caller = harness.connected(options(relay.endpoint()).maxConnectionAge(Duration.ofSeconds(1))
        .connectionListener(events));
    String oldId = caller.id();
    try {
      CompletableFuture<JsonNode> inFlight = caller.call(server.id(), "hold");
      assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
      String up = events.next();
      assertTrue(up.startsWith("up " + oldId + " "), up);
      String newId = up.substring(up.lastIndexOf(' ') + 1);
      assertEquals(newId, caller.id());
      assertEquals(3, relay.connectionCount(), "the old connection stays open for its pending call");
      assertEquals("new", await(caller.call(server.id(), "echo", String.class, "new")), "new calls use the new one");
      release.countDown();
      assertEquals(true, await(inFlight).asBoolean(), "the call in flight on the old connection completes");
      eventually("the old connection closes once idle", () -> relay.connectionCount() == 2);
      String next = events.seen.poll(100, TimeUnit.MILLISECONDS);
      assertTrue(next == null || next.startsWith("up "), "a planned switch is no drop: " + next);
    } finally {
      release.countDown();
    }
  }

  @Test
  void renewedClientKeepsServingCallsMadeToItsOldIdUntilAnswered() throws Exception {
    LocalRelay relay = harness.relay(0);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    FaultHarness.Events events = new FaultHarness.Events();
    MonologueClient server = harness.connected(options(relay.endpoint()).maxConnectionAge(Duration.ofSeconds(1))
        .connectionListener(events));
    server.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    MonologueClient caller = harness.connected(options(relay.endpoint()).maxConnectionAge(Duration.ZERO));
    try {
      CompletableFuture<JsonNode> inFlight = caller.call(server.id(), "hold");
      assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS));
      events.next(); // renewed while the handler runs
      release.countDown();
      assertEquals(true, await(inFlight).asBoolean(), "the reply goes out on the connection the call came in on");
    } finally {
      release.countDown();
    }
  }
}
