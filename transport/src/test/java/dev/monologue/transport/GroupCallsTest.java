package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.failure;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallOutcome;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code callAll} behaves like {@code call}: closing, call slots, cancelling. Real relays on loopback. */
class GroupCallsTest {
  private static final Duration LONG = Duration.ofSeconds(60);

  private final FaultHarness harness = new FaultHarness();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    harness.close();
  }

  /** A member of {@code group} whose "hold" handler answers only once {@link #release} opens. */
  private MonologueClient slowMember(LocalRelay relay, String group) {
    MonologueClient member = harness.connected(options(relay.endpoint()));
    member.on("hold", args -> {
      started.countDown();
      return release.await(Awaits.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
    });
    member.join(group);
    return member;
  }

  @Test
  void closeFailsAPendingCallAllAsItFailsAPendingCall() throws Exception {
    LocalRelay relay = harness.relay(0);
    slowMember(relay, "slow");
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(LONG));
    CompletableFuture<List<CallOutcome<Boolean>>> all = caller.callAll("slow", "hold", Boolean.class);
    assertTrue(started.await(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the member got the call");

    long start = System.nanoTime();
    caller.close();
    ConnectionDroppedException e = assertInstanceOf(ConnectionDroppedException.class, failure(all));
    assertTrue(Awaits.millisSince(start) < 5_000, "failed at close, not at the timeout");
    assertTrue(e.getMessage().contains("closed by this client"), e.getMessage());
    assertTrue(e.getMessage().contains("hold"), e.getMessage());
    assertEquals(failure(caller.call("x", "hold")).getClass(),
        failure(caller.callAll("slow", "hold", Boolean.class)).getClass(), "after close, as a call fails");
  }
}
