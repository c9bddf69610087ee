package dev.monologue.e2e.faults;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.ConnectionListener;
import dev.monologue.Monologue;
import dev.monologue.MonologueException;
import dev.monologue.MonologueOptions;
import dev.monologue.ReconnectPolicy;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.FaultProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A link that adds latency, and a relay that stops answering for longer than the call timeout (SIGSTOP). */
class SlowAndStalledTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  /** How late past its timeout a call may fail on a loaded machine. */
  private static final Duration LATE = Duration.ofSeconds(3);
  private static final ReconnectPolicy QUICK = ReconnectPolicy.builder().initialDelay(Duration.ofMillis(50))
      .maxDelay(Duration.ofMillis(500)).build();

  private final List<AutoCloseable> open = new ArrayList<>();
  private final AtomicInteger drops = new AtomicInteger();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Monologue connected(URI endpoint) {
    Monologue client = Monologue.create(MonologueOptions.builder().endpoint(endpoint).timeout(TIMEOUT)
        .connectTimeout(Awaits.WAIT).keepAliveInterval(Duration.ofMillis(500)).reconnectPolicy(QUICK)
        .connectionListener(new ConnectionListener() {
          @Override
          public void onDisconnected(String oldId, Throwable reason) {
            drops.incrementAndGet();
          }
        }).build());
    open.add(client);
    client.connect();
    return client;
  }

  /**
   * The call fails typed, by its timeout at the latest: as timed out, or as dropped when the keep-alive gave up on
   * the connection first (its echo did not come back within the timeout either).
   */
  private static void assertFailsByItsTimeout(CompletableFuture<String> call, long startNanos) throws Exception {
    Throwable e = failure(call, TIMEOUT.plus(LATE).plusSeconds(5));
    long millis = Awaits.millisSince(startNanos);
    assertTrue(e instanceof CallTimeoutException || e instanceof ConnectionDroppedException,
        "a timeout or a dropped connection, not " + e);
    assertTrue(millis < TIMEOUT.plus(LATE).toMillis(), "failed after " + millis + " ms with a timeout of "
        + TIMEOUT);
  }

  @Test
  void aSlowLinkDelaysCallsWithoutDroppingThemAndALinkSlowerThanTheTimeoutFailsThemOnTime() throws Exception {
    LocalRelay relay = LocalRelay.builder().port(0).build();
    open.add(relay);
    relay.start();
    Monologue server = connected(relay.endpoint());
    server.on("echo", args -> args.get(0, String.class));
    FaultProxy proxy = FaultProxy.to(relay.endpoint());
    open.add(proxy);
    Monologue caller = connected(proxy.endpoint(relay.endpoint()));

    proxy.delay(Duration.ofMillis(250));
    for (int i = 0; i < 4; i++) { // long enough for several keep-alives, whose echoes take 500 ms
      long start = System.nanoTime();
      assertEquals("slow " + i, await(caller.call(server.id(), "echo", String.class, "slow " + i)));
      assertTrue(Awaits.millisSince(start) >= 500, "the link adds 250 ms each way");
    }
    assertEquals(0, drops.get(), "a slow link that answers within the timeout is not dropped");

    proxy.delay(TIMEOUT); // a round trip now takes twice the timeout
    long start = System.nanoTime();
    assertFailsByItsTimeout(caller.call(server.id(), "echo", String.class, "too slow"), start);

    proxy.pass();
    Awaits.eventually("calls go through again once the link is fast", () -> echoes(caller, server.id()),
        Duration.ofSeconds(30));
  }

  @Test
  void callsToARelayStalledLongerThanTheTimeoutFailOnTimeAndTheClientRecoversWhenItResumes() throws Exception {
    ChildRelay relay = ChildRelay.start(0);
    open.add(relay);
    Monologue server = connected(relay.endpoint());
    server.on("echo", args -> args.get(0, String.class));
    Monologue caller = connected(relay.endpoint());
    assertEquals("before", await(caller.call(server.id(), "echo", String.class, "before")));

    relay.jvm().pause();
    try {
      long start = System.nanoTime();
      assertFailsByItsTimeout(caller.call(server.id(), "echo", String.class, "stalled"), start);
    } finally {
      relay.jvm().resume();
    }
    // The server's ID may have changed if the client replaced its connection during the stall.
    Awaits.eventually("calls go through again once the relay resumes", () -> {
      try {
        return echoes(caller, server.connect());
      } catch (MonologueException e) {
        return false;
      }
    }, Duration.ofSeconds(30));
  }

  /** One call, bounded; false when it failed with a Monologue exception. */
  private static boolean echoes(Monologue caller, String peer) {
    try {
      return "again".equals(caller.call(peer, "echo", String.class, "again").get(30, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MonologueException) {
        return false;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
