package dev.monologue.e2e.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.NameTakenException;
import dev.monologue.PeerGoneException;
import dev.monologue.e2e.RelayFixture;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Name leases end to end: a holder whose link is black-holed (its TCP connection stays open, nothing passes, no
 * close and no FIN: the relay sees no disconnect) loses its name within the lease, a call to the name fails with a
 * typed error instead of vanishing, and another machine can claim it; an idle holder that is alive keeps its name
 * for many leases. A short lease, with generous margins, keeps the test quick.
 */
abstract class AbstractLeaseSuite {
  /** Slack on top of the lease for a loaded 2-core machine: keep-alive spacing, probe interval, invocations. */
  private static final Duration MARGIN = Duration.ofSeconds(8);

  private RelayFixture relay;
  private final List<AutoCloseable> open = new ArrayList<>();

  protected abstract RelayFixture startRelay(Duration nameLease);

  protected abstract Duration lease();

  @BeforeEach
  void start() {
    relay = startRelay(lease());
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    relay.close();
  }

  /** A machine of its own: its own owner secret, so that its claims are not another machine's (docs/names.md). */
  private Monologue client(MonologueOptions.Builder options) {
    options.ownerSecret("test-machine-" + java.util.UUID.randomUUID());
    Monologue m = Monologue.create(relay.configure(options).build());
    open.add(m);
    m.connect();
    return m;
  }

  @Test
  void blackHoledHolderLosesItsNameWithinTheLeaseAndAnotherMachineTakesIt() throws Exception {
    FaultProxy proxy = FaultProxy.to(relay.endpoint());
    open.add(proxy);
    Monologue holder = client(MonologueOptions.builder().endpoint(proxy.endpoint(relay.endpoint())));
    holder.register(NamedService.class, () -> "holder");
    holder.claim("ledger");
    Monologue caller = client(MonologueOptions.builder().endpoint(relay.endpoint()).timeout(Duration.ofSeconds(30)));
    Monologue rival = client(MonologueOptions.builder().endpoint(relay.endpoint()));
    rival.register(NamedService.class, () -> "rival");

    // Alive but idle: the holder keeps alive within the lease (learned from its claim), so for three leases the
    // name stays its own. Nothing but keep-alives comes from it: the rival's refused claims never reach it.
    Duration idle = lease().multipliedBy(3);
    Awaits.eventually("the holder to have held 'ledger' for " + idle.toMillis() + " ms", () -> {
      try {
        rival.claim("ledger");
      } catch (NameTakenException e) {
        return e.heldFor().compareTo(idle) >= 0;
      }
      throw new AssertionError("the live, idle holder lost 'ledger' within " + idle.toMillis() + " ms");
    }, idle.plus(MARGIN));
    assertEquals("holder", caller.call("ledger", "NamedService.instance", String.class).get(15, TimeUnit.SECONDS));

    long blackHoledAt = System.nanoTime();
    proxy.blackHole(); // the link dies without a close: the relay hears nothing, the socket stays open
    CompletableFuture<String> lost = caller.call("ledger", "NamedService.instance", String.class);
    Throwable failure = Awaits.failure(lost, lease().plus(MARGIN));
    long failedAfter = Awaits.millisSince(blackHoledAt);
    PeerGoneException gone = assertInstanceOf(PeerGoneException.class, failure);
    assertTrue(gone.getMessage().contains("ledger") && gone.getMessage().contains("lease"), gone.getMessage());

    rival.claim("ledger"); // free: granted at once
    long claimedAfter = Awaits.millisSince(blackHoledAt);
    assertEquals("rival", caller.call("ledger", "NamedService.instance", String.class).get(15, TimeUnit.SECONDS));
    System.out.printf("lease %d ms: call failed %d ms and name claimed %d ms after the black hole%n",
        lease().toMillis(), failedAfter, claimedAfter);
    assertTrue(failedAfter <= lease().plus(MARGIN).toMillis(), "failed after " + failedAfter + " ms");
  }

  @Test
  void blackHoledMemberLeavesItsGroupsWithinTheLeaseAndGroupCallsStopReachingIt() throws Exception {
    FaultProxy proxy = FaultProxy.to(relay.endpoint());
    open.add(proxy);
    Monologue silent = client(MonologueOptions.builder().endpoint(proxy.endpoint(relay.endpoint())));
    silent.register(NamedService.class, () -> "silent");
    silent.join("crew");
    String silentId = silent.id();
    Monologue live = client(MonologueOptions.builder().endpoint(relay.endpoint()));
    live.register(NamedService.class, () -> "live");
    live.join("crew");
    Monologue caller = client(MonologueOptions.builder().endpoint(relay.endpoint()).timeout(Duration.ofSeconds(30)));

    // Alive but idle: the member keeps alive within the lease (learned from its join), so for three leases it
    // stays in the group.
    Duration idle = lease().multipliedBy(3);
    long joinedAt = System.nanoTime();
    Awaits.eventually("the idle member to have stayed in 'crew' for " + idle.toMillis() + " ms", () -> {
      if (caller.members("crew").stream().noneMatch(m -> m.id().equals(silentId))) {
        throw new AssertionError("the live, idle member left 'crew' after " + Awaits.millisSince(joinedAt) + " ms");
      }
      return Awaits.millisSince(joinedAt) >= idle.toMillis();
    }, idle.plus(MARGIN));
    List<String> both = new ArrayList<>();
    for (var o : caller.callAll("crew", "NamedService.instance", String.class).get(15, TimeUnit.SECONDS)) {
      both.add(o.value());
    }
    both.sort(null);
    assertEquals(List.of("live", "silent"), both);

    long blackHoledAt = System.nanoTime();
    proxy.blackHole(); // the link dies without a close: the relay hears nothing, the socket stays open
    Awaits.eventually("the black-holed member to leave 'crew'",
        () -> caller.members("crew").stream().noneMatch(m -> m.id().equals(silentId)), lease().plus(MARGIN));
    long leftAfter = Awaits.millisSince(blackHoledAt);
    for (var o : caller.callAll("crew", "NamedService.instance", String.class).get(15, TimeUnit.SECONDS)) {
      assertTrue(!o.member().id().equals(silentId) && "live".equals(o.value()), "outcome " + o);
    }
    for (int i = 0; i < 4; i++) {
      assertEquals("live", caller.callAny("crew", "NamedService.instance", String.class).get(15, TimeUnit.SECONDS));
    }
    System.out.printf("lease %d ms: the black-holed member left its group %d ms after the black hole%n",
        lease().toMillis(), leftAfter);
    assertTrue(leftAfter <= lease().plus(MARGIN).toMillis(), "left after " + leftAfter + " ms");
  }
}
