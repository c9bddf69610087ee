package dev.monologue.e2e.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.e2e.RelayFixture;
import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.ArrayList;
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
 * Cancelling a {@code callAny} or a {@code callAll} reaches the members through a relay (the cancel goes to the
 * group on {@code sendall}): their handlers, blocked until cancelled, see it. The same scenarios on every relay.
 */
public abstract class AbstractGroupCancelSuite {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final CallOptions LONG = CallOptions.builder().timeout(Duration.ofSeconds(60)).build();

  private final List<AutoCloseable> open = new ArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private RelayFixture relay;
  private Monologue caller;

  protected abstract RelayFixture startRelay();

  @BeforeEach
  void start() {
    relay = startRelay();
    member("a");
    member("b");
    caller = client();
  }

  @AfterEach
  void stop() throws Exception {
    never.countDown();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    relay.close();
  }

  private Monologue client() {
    Monologue m = Monologue.create(relay.configure(MonologueOptions.builder()
        .ownerSecret("group-cancel-" + java.util.UUID.randomUUID())).endpoint(relay.endpoint())
        .connectTimeout(WAIT).timeout(Duration.ofSeconds(60)).build());
    open.add(m);
    m.connect();
    return m;
  }

  /** A member of "workers" whose "wait" blocks until cancelled. */
  private void member(String label) {
    Monologue m = client();
    m.on("wait", args -> {
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
    m.join("workers");
  }

  @Test
  void cancellingACallAnyStopsTheMemberThatTookIt() throws Exception {
    CompletableFuture<String> call = caller.withOptions(LONG).callAny("workers", "wait", String.class);
    Awaits.eventually("a member started the call", () -> started.size() == 1, WAIT);
    String took = started.iterator().next();

    assertTrue(call.cancel(true));

    Awaits.eventually("the member that took it saw it cancelled", () -> cancelled.contains(took), WAIT);
    assertEquals(Set.of(took), started);
  }

  @Test
  void cancellingACallAllStopsEveryMember() throws Exception {
    CompletableFuture<List<CallOutcome<String>>> all =
        caller.withOptions(LONG).callAll("workers", "wait", String.class);
    Awaits.eventually("both members started the call", () -> started.size() == 2, WAIT);

    assertTrue(all.cancel(true));

    Awaits.eventually("both members saw it cancelled", () -> cancelled.equals(Set.of("a", "b")), WAIT);
  }
}
