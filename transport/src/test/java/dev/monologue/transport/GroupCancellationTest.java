package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a {@code callAny}, a {@code callAll} or a call to a name reaches the callees through a real relay, as
 * cancelling a call to a connection ID does: their handlers, blocked until cancelled, see the cancellation; with
 * options or without.
 */
class GroupCancellationTest {
  private static final CallOptions LONG = CallOptions.builder().timeout(Duration.ofSeconds(60)).build();

  private final FaultHarness harness = new FaultHarness();
  private final CountDownLatch never = new CountDownLatch(1);
  /** The members whose handler started, and those whose handler was interrupted while it saw isCancelled(). */
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private LocalRelay relay;
  private MonologueClient a;
  private MonologueClient b;
  private MonologueClient caller;

  @BeforeEach
  void start() {
    relay = harness.relay(0);
    a = member("a");
    b = member("b");
    a.claim("worker-a", false);
    caller = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(60)));
  }

  /** A member of group "workers" whose "wait" blocks until cancelled. */
  private MonologueClient member(String label) {
    MonologueClient member = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(60)));
    member.on("wait", args -> {
      CallContext call = CallContext.current();
      started.add(label);
      try {
        never.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        if (call.isCancelled()) {
          cancelled.add(label);
        }
        throw e;
      }
      return "not cancelled";
    });
    member.join("workers");
    return member;
  }

  @AfterEach
  void stop() {
    never.countDown();
    harness.close();
  }

  @Test
  void cancellingACallAnyCancelsTheMemberThatTookIt() throws InterruptedException {
    CompletableFuture<String> call = caller.withOptions(LONG).callAny("workers", "wait", String.class);
    Awaits.eventually("a member started the call", () -> started.size() == 1);
    String took = started.iterator().next();

    assertTrue(call.cancel(true));

    Awaits.eventually("the member that took the callAny saw it cancelled", () -> cancelled.contains(took));
    MonologueClient taker = took.equals("a") ? a : b;
    Awaits.eventually("its reply was withheld", () -> taker.repliesWithheld() == 1);
    assertEquals(Set.of(took), started, "only one member got the callAny");
  }

  @Test
  void cancellingACallAllCancelsEveryMember() throws InterruptedException {
    CompletableFuture<List<CallOutcome<String>>> all =
        caller.withOptions(LONG).callAll("workers", "wait", String.class);
    Awaits.eventually("both members started the call", () -> started.size() == 2);

    assertTrue(all.cancel(true));

    Awaits.eventually("both members saw the callAll cancelled", () -> cancelled.equals(Set.of("a", "b")));
    Awaits.eventually("both withheld their reply", () -> a.repliesWithheld() == 1 && b.repliesWithheld() == 1);
  }

  @Test
  void cancellingACallToANameCancelsItsHolder() throws InterruptedException {
    CompletableFuture<String> call = caller.withOptions(LONG).call("worker-a", "wait", String.class);
    Awaits.eventually("the holder started the call", () -> started.contains("a"));

    assertTrue(call.cancel(true));

    Awaits.eventually("the holder saw the call cancelled", () -> cancelled.contains("a"));
  }

  @Test
  void closingTheCallerCancelsItsCallAll() throws InterruptedException {
    caller.withOptions(LONG).callAll("workers", "wait", String.class);
    Awaits.eventually("both members started the call", () -> started.size() == 2);

    caller.close();

    Awaits.eventually("both members saw the callAll cancelled", () -> cancelled.equals(Set.of("a", "b")));
  }

  @Test
  void cancellingAPlainCallAnyCancelsTheMemberThatTookIt() throws InterruptedException {
    CompletableFuture<String> call = caller.callAny("workers", "wait", String.class);
    Awaits.eventually("a member started the call", () -> started.size() == 1);
    String took = started.iterator().next();

    assertTrue(call.cancel(true));

    Awaits.eventually("the member that took the plain callAny saw it cancelled", () -> cancelled.contains(took));
  }

  @Test
  void cancellingAPlainCallAllCancelsEveryMember() throws InterruptedException {
    CompletableFuture<List<CallOutcome<String>>> all = caller.callAll("workers", "wait", String.class);
    Awaits.eventually("both members started the call", () -> started.size() == 2);

    assertTrue(all.cancel(true));

    Awaits.eventually("both members saw the plain callAll cancelled", () -> cancelled.equals(Set.of("a", "b")));
  }

  @Test
  void closingTheCallerCancelsItsPlainCallAll() throws InterruptedException {
    caller.callAll("workers", "wait", String.class);
    Awaits.eventually("both members started the call", () -> started.size() == 2);

    caller.close();

    Awaits.eventually("both members saw the plain callAll cancelled", () -> cancelled.equals(Set.of("a", "b")));
  }

  @Test
  void theDeadlineOfACallAllCancelsEveryMember() throws InterruptedException {
    caller.withOptions(CallOptions.builder().timeout(Duration.ofMillis(1500)).build())
        .callAll("workers", "wait", String.class);

    Awaits.eventually("both members saw the callAll's deadline pass", () -> cancelled.equals(Set.of("a", "b")));
  }
}
