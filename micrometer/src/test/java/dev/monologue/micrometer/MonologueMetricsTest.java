package dev.monologue.micrometer;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.eventually;
import static dev.monologue.testsupport.Awaits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallTimeoutException;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.RemoteFailureException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MonologueMetrics bound to a real client that calls a real callee through a real local relay. */
class MonologueMetricsTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private LocalRelay relay;
  private Monologue callee;

  @BeforeEach
  void start() {
    relay = LocalRelay.builder().host("127.0.0.1").port(0).build();
    open.add(relay);
    relay.start();
    callee = client(MonologueOptions.builder());
    callee.on("echo", args -> args.get(0, String.class));
    callee.on("fail", args -> {
      throw new IllegalStateException("no stock");
    });
    callee.on("hold", args -> {
      release.await(Awaits.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
      return "held";
    });
  }

  @AfterEach
  void close() throws Exception {
    release.countDown();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Monologue client(MonologueOptions.Builder options) {
    Monologue client = Monologue.create(options.endpoint(relay.endpoint()).connectTimeout(Awaits.WAIT).build());
    open.add(client);
    client.connect();
    return client;
  }

  private Timer timer(String method, String outcome) {
    return registry.find(MonologueMetrics.CALLS).tags("method", method, "outcome", outcome, "client", "caller")
        .timer();
  }

  private MonologueMetrics metrics() {
    return MonologueMetrics.builder(registry).tag("client", "caller").build();
  }

  @Test
  void timesEachCallByMethodAndOutcome() throws Exception {
    Monologue caller = client(MonologueOptions.builder().metrics(metrics()).timeout(Duration.ofSeconds(2)));
    for (int i = 0; i < 3; i++) {
      assertEquals("hi", await(caller.call(callee.id(), "echo", String.class, "hi")));
    }
    assertInstanceOf(RemoteFailureException.class, failure(caller.call(callee.id(), "fail", String.class)));
    assertInstanceOf(CallTimeoutException.class, failure(caller.call(callee.id(), "hold", String.class)));

    eventually("3 echo successes timed", () -> timer("echo", "success") != null
        && timer("echo", "success").count() == 3);
    eventually("the failure timed", () -> timer("fail", "remote_error") != null
        && timer("fail", "remote_error").count() == 1);
    eventually("the timeout timed", () -> timer("hold", "timeout") != null
        && timer("hold", "timeout").count() == 1);
    assertTrue(timer("hold", "timeout").totalTime(TimeUnit.MILLISECONDS) >= 1_900,
        "a call that timed out after 2 s took " + timer("hold", "timeout").totalTime(TimeUnit.MILLISECONDS) + " ms");
    assertNull(timer("echo", "remote_error"), "no echo failed");
  }

  @Test
  void gaugesCallsInFlightAndQueuedHandlerCalls() throws Exception {
    MonologueMetrics metrics = MonologueMetrics.builder(registry).tag("client", "callee").build();
    Monologue server = client(MonologueOptions.builder().metrics(metrics));
    server.on("hold", args -> {
      release.await(Awaits.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
      return "held";
    });
    Monologue caller = client(MonologueOptions.builder().metrics(metrics()).timeout(Awaits.WAIT.multipliedBy(3)));
    int calls = 70; // more than the 64 threads of the callee's own handler pool: the rest wait in its queue
    List<CompletableFuture<String>> pending = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      pending.add(caller.call(server.id(), "hold", String.class));
    }
    eventually("70 calls in flight", () -> gauge(MonologueMetrics.IN_FLIGHT, "caller") == calls);
    eventually("6 calls queued at the callee", () -> gauge(MonologueMetrics.QUEUED, "callee") == calls - 64);
    release.countDown();
    for (CompletableFuture<String> call : pending) {
      assertEquals("held", await(call));
    }
    eventually("no call in flight", () -> gauge(MonologueMetrics.IN_FLIGHT, "caller") == 0);
    assertEquals(0, gauge(MonologueMetrics.QUEUED, "callee"));
  }

  private double gauge(String name, String client) {
    return registry.get(name).tag("client", client).gauge().value();
  }

  @Test
  void countsReconnects() throws Exception {
    Monologue caller = client(MonologueOptions.builder().metrics(metrics()));
    double before = registry.get(MonologueMetrics.RECONNECTS).counter().count();
    String firstId = caller.id();
    assertTrue(relay.disconnect(firstId));
    eventually("a reconnect counted", () -> registry.get(MonologueMetrics.RECONNECTS).counter().count() == 1,
        Awaits.WAIT.multipliedBy(2));
    assertEquals(0, before);
    assertEquals("hi", await(caller.call(callee.id(), "echo", String.class, "hi")));
  }

  @Test
  void oneMetricsPerClient() throws Exception {
    MonologueMetrics metrics = metrics();
    client(MonologueOptions.builder().metrics(metrics));
    long timers = timerThreads();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Monologue.create(MonologueOptions.builder().endpoint(relay.endpoint()).metrics(metrics).build()));
    assertTrue(e.getMessage().contains("one MonologueMetrics per client"), e.getMessage());
    // the refused client stopped what it had started
    eventually("the refused client's timer thread ended", () -> timerThreads() <= timers);
    assertThrows(IllegalArgumentException.class, () -> MonologueMetrics.builder(registry).tag("method", "x"));
  }

  private static long timerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("monologue-timer-")).count();
  }

  @Test
  void outcomeTagsFollowTheFailureType() {
    assertEquals(CallOutcomeTag.SUCCESS, CallOutcomeTag.of(null));
    assertEquals(CallOutcomeTag.TIMEOUT, CallOutcomeTag.of(new CallTimeoutException("m", "p", Duration.ofSeconds(1))));
    assertEquals(CallOutcomeTag.CANCELLED, CallOutcomeTag.of(new java.util.concurrent.CancellationException()));
    assertEquals(CallOutcomeTag.ERROR, CallOutcomeTag.of(new IllegalStateException()));
  }
}
