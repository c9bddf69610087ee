package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.CallTimeoutException;
import dev.monologue.Deadline;
import dev.monologue.MonologueService;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-call timeouts and deadlines over a real relay: they bind calls and stubs, travel, are inherited, expire. */
class DeadlinesTest {
  /** Far above every per-call time here, so a call that ends early ended by its own options. */
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

  @MonologueService("Held")
  interface Held {
    String hold(String value);
  }

  private final FaultHarness harness = new FaultHarness();
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService oneThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "one-handler"));

  @AfterEach
  void stop() {
    release.countDown();
    harness.close();
    oneThread.shutdownNow();
  }

  private MonologueClient client(LocalRelay relay) {
    return harness.connected(options(relay.endpoint()).timeout(CLIENT_TIMEOUT));
  }

  @Test
  void aPerCallTimeoutEndsTheCallAndTheStubsCallsBeforeTheClientsTimeout() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = client(relay);
    server.on("hold", args -> {
      release.await(30, TimeUnit.SECONDS);
      return "late";
    });
    server.register(Held.class, value -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return value;
    });
    MonologueClient caller = client(relay);
    CallOptions quick = CallOptions.builder().timeout(Duration.ofMillis(400)).build();

    long start = System.nanoTime();
    Throwable failure = Awaits.failure(caller.withOptions(quick).call(server.id(), "hold", String.class));
    assertInstanceOf(CallTimeoutException.class, failure);
    assertTrue(failure.getMessage().contains("400 ms"), failure.getMessage());

    Held stub = caller.withOptions(quick).stub(server.id(), Held.class);
    CallTimeoutException typed = assertThrows(CallTimeoutException.class, () -> stub.hold("x"));
    assertTrue(typed.getMessage().contains("400 ms"), typed.getMessage());
    // the dynamic proxy binds the same options as the generated stub
    MonologueClient proxyCaller = harness.connected(options(relay.endpoint()).timeout(CLIENT_TIMEOUT)
        .generatedClasses(false));
    Held proxy = proxyCaller.withOptions(quick).stub(server.id(), Held.class);
    CallTimeoutException proxied = assertThrows(CallTimeoutException.class, () -> proxy.hold("y"));
    assertTrue(proxied.getMessage().contains("400 ms"), proxied.getMessage());
    assertTrue(Awaits.millisSince(start) < 30_000, "the calls waited for the client's timeout");
  }

  @Test
  void theDeadlineTravelsToTheHandlerAndIsInheritedByTheCallsItMakes() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient inner = client(relay);
    AtomicReference<Optional<Duration>> innerLeft = new AtomicReference<>();
    inner.on("inner", args -> {
      innerLeft.set(CallContext.current().remaining());
      return "in";
    });
    MonologueClient outer = client(relay);
    AtomicReference<Optional<Duration>> outerLeft = new AtomicReference<>();
    outer.on("outer", args -> {
      outerLeft.set(CallContext.current().remaining());
      // a plain call from the handler: it inherits what is left of the handled call's deadline
      return outer.call(inner.id(), "inner", String.class).get(20, TimeUnit.SECONDS);
    });
    MonologueClient caller = client(relay);

    String result = Awaits.await(caller.withOptions(CallOptions.builder().timeout(Duration.ofSeconds(8)).build())
        .call(outer.id(), "outer", String.class));

    assertEquals("in", result);
    Duration atOuter = outerLeft.get().orElseThrow();
    Duration atInner = innerLeft.get().orElseThrow(() -> new AssertionError("the nested call had no deadline"));
    assertTrue(atOuter.compareTo(Duration.ofSeconds(8)) <= 0 && atOuter.compareTo(Duration.ofSeconds(2)) > 0,
        "outer's time left: " + atOuter);
    assertTrue(atInner.compareTo(atOuter) <= 0, "inner " + atInner + " > outer " + atOuter);

  }

  @Test
  void aPlainCallCarriesTheClientsTimeoutAsItsDeadline() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient inner = client(relay);
    AtomicReference<Optional<Duration>> innerLeft = new AtomicReference<>();
    inner.on("inner", args -> {
      innerLeft.set(CallContext.current().remaining());
      return "in";
    });
    // the callee's own timeout is longer than its caller's: what its handler sees came with the request
    MonologueClient outer = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(120)));
    AtomicReference<Optional<Duration>> outerLeft = new AtomicReference<>();
    outer.on("outer", args -> {
      outerLeft.set(CallContext.current().remaining());
      return outer.call(inner.id(), "inner", String.class).get(20, TimeUnit.SECONDS);
    });
    MonologueClient caller = client(relay);

    // no options, no interceptors: the client's timeout travels as the deadline, and the handler's calls inherit it
    assertEquals("in", Awaits.await(caller.call(outer.id(), "outer", String.class)));

    Duration atOuter = outerLeft.get().orElseThrow(() -> new AssertionError("a plain call had no deadline"));
    Duration atInner = innerLeft.get().orElseThrow(() -> new AssertionError("the nested call had no deadline"));
    assertTrue(atOuter.compareTo(CLIENT_TIMEOUT) <= 0 && atOuter.compareTo(CLIENT_TIMEOUT.minusSeconds(20)) > 0,
        "outer's time left: " + atOuter);
    assertTrue(atInner.compareTo(atOuter) <= 0, "inner " + atInner + " > outer " + atOuter);
  }

  @Test
  void aPlainCallInsideAHandlerTakesTheEarlierOfTheInheritedDeadlineAndItsOwnTimeout() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient inner = client(relay);
    AtomicReference<Optional<Duration>> innerLeft = new AtomicReference<>();
    inner.on("inner", args -> {
      innerLeft.set(CallContext.current().remaining());
      return "in";
    });
    MonologueClient outer = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(5)));
    outer.on("outer", args -> outer.call(inner.id(), "inner", String.class).get(20, TimeUnit.SECONDS));
    MonologueClient caller = client(relay);

    assertEquals("in", Awaits.await(caller.call(outer.id(), "outer", String.class)));

    Duration left = innerLeft.get().orElseThrow();
    assertTrue(left.compareTo(Duration.ofSeconds(5)) <= 0, "inner got " + left + ", more than outer's own 5 s");
  }

  @Test
  void aCallThatSetsItsOwnTimeoutInsideAHandlerDoesNotInherit() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient inner = client(relay);
    AtomicReference<Optional<Duration>> innerLeft = new AtomicReference<>();
    inner.on("inner", args -> {
      innerLeft.set(CallContext.current().remaining());
      return "in";
    });
    MonologueClient outer = client(relay);
    outer.on("outer", args -> outer.withOptions(CallOptions.builder().timeout(Duration.ofSeconds(30)).build())
        .call(inner.id(), "inner", String.class).get(20, TimeUnit.SECONDS));
    MonologueClient caller = client(relay);

    Awaits.await(caller.withOptions(CallOptions.builder().timeout(Duration.ofSeconds(5)).build())
        .call(outer.id(), "outer", String.class));

    Duration left = innerLeft.get().orElseThrow();
    assertTrue(left.compareTo(Duration.ofSeconds(10)) > 0, "inner got " + left + ", not its own 30 s");
  }

  @Test
  void aHandlerStillQueuedWhenItsDeadlinePassesIsNotRunAndIsCounted() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()).timeout(CLIENT_TIMEOUT)
        .handlerExecutor(oneThread));
    CountDownLatch holding = new CountDownLatch(1);
    AtomicInteger ranLate = new AtomicInteger();
    server.on("block", args -> {
      holding.countDown();
      release.await(30, TimeUnit.SECONDS);
      return "done";
    });
    server.on("late", args -> ranLate.incrementAndGet());
    MonologueClient caller = client(relay);

    CompletableFuture<String> blocker = caller.call(server.id(), "block", String.class);
    assertTrue(holding.await(10, TimeUnit.SECONDS), "the blocking handler did not start");
    // the only handler thread is busy: this call waits in the queue past its deadline
    CompletableFuture<Integer> late = caller.withOptions(CallOptions.builder().timeout(Duration.ofMillis(300))
        .build()).call(server.id(), "late", Integer.class);
    assertInstanceOf(CallTimeoutException.class, Awaits.failure(late));
    // both calls are being served (one running, one queued) before the first is let go
    Awaits.eventually("the late call reached the callee", () -> server.servingCalls() == 2);
    // the callee's deadline is its receipt plus the time left (under 300 ms), and it got the call before now: a
    // loaded machine may have delayed that receipt past the caller's own timeout, so the blocker is let go only
    // once the callee's deadline has passed for certain
    long receivedBy = System.nanoTime();
    Awaits.eventually("the late call's deadline passed at the callee",
        () -> System.nanoTime() - receivedBy > Duration.ofMillis(300).toNanos());
    release.countDown();
    assertEquals("done", Awaits.await(blocker));

    Awaits.eventually("the expired call was counted", () -> server.expiredBeforeRun() == 1);
    assertEquals(0, ranLate.get(), "a handler ran after its deadline had passed");
  }

  @Test
  void aPlainCallStillQueuedWhenTheClientsTimeoutPassesIsNotRunAndIsCounted() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()).timeout(CLIENT_TIMEOUT)
        .handlerExecutor(oneThread));
    CountDownLatch holding = new CountDownLatch(1);
    AtomicInteger ranLate = new AtomicInteger();
    server.on("block", args -> {
      holding.countDown();
      release.await(30, TimeUnit.SECONDS);
      return "done";
    });
    server.on("late", args -> ranLate.incrementAndGet());
    MonologueClient caller = client(relay);
    Duration quickTimeout = Duration.ofMillis(500);
    MonologueClient quick = harness.connected(options(relay.endpoint()).timeout(quickTimeout)
        .connectTimeout(Duration.ofSeconds(10)));

    CompletableFuture<String> blocker = caller.call(server.id(), "block", String.class);
    assertTrue(holding.await(10, TimeUnit.SECONDS), "the blocking handler did not start");
    // a plain call: its deadline is its client's timeout; it waits in the queue behind the blocker past it
    CompletableFuture<Integer> late = quick.call(server.id(), "late", Integer.class);
    Awaits.eventually("the late call reached the callee", () -> server.servingCalls() == 2);
    long receivedBy = System.nanoTime();
    assertInstanceOf(CallTimeoutException.class, Awaits.failure(late));
    Awaits.eventually("the late call's deadline passed at the callee",
        () -> System.nanoTime() - receivedBy > quickTimeout.toNanos());
    release.countDown();
    assertEquals("done", Awaits.await(blocker));

    Awaits.eventually("the expired call was counted", () -> server.expiredBeforeRun() == 1);
    assertEquals(0, ranLate.get(), "a plain call's handler ran after its deadline had passed");
  }

  @Test
  void optionsBindCallAnyAndCallAll() throws Exception {
    LocalRelay relay = harness.relay(0);
    AtomicInteger withDeadline = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      MonologueClient member = client(relay);
      member.join("workers");
      member.on("work", args -> {
        if (CallContext.current().deadline().isPresent()) {
          withDeadline.incrementAndGet();
        }
        if ("hold".equals(args.get(0, String.class))) {
          release.await(30, TimeUnit.SECONDS);
        }
        return "ok";
      });
    }
    MonologueClient caller = client(relay);
    CallOptions quick = CallOptions.builder().timeout(Duration.ofMillis(400)).build();

    List<CallOutcome<String>> all = Awaits.await(
        caller.withOptions(quick).callAll("workers", "work", String.class, "go"));
    assertEquals(2, all.size());
    assertTrue(all.stream().allMatch(CallOutcome::succeeded), all.toString());
    assertEquals(2, withDeadline.get());

    assertInstanceOf(CallTimeoutException.class,
        Awaits.failure(caller.withOptions(quick).callAny("workers", "work", String.class, "hold")));
    assertEquals("ok", Awaits.await(caller.withOptions(quick).callAny("workers", "work", String.class, "go")));
  }

  @Test
  void aDeadlineAlreadyPassedFailsAtOnceWithoutSending() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = client(relay);
    AtomicInteger ran = new AtomicInteger();
    server.on("m", args -> ran.incrementAndGet());
    MonologueClient caller = client(relay);
    Deadline passed = Deadline.after(Duration.ofMillis(-1));

    Throwable failure = Awaits.failure(caller.withOptions(CallOptions.builder().deadline(passed).build())
        .call(server.id(), "m", Integer.class));

    assertInstanceOf(CallTimeoutException.class, failure);
    assertEquals(1, Awaits.await(caller.call(server.id(), "m", Integer.class)));
    assertFalse(ran.get() > 1, "the expired call was sent");
  }
}
