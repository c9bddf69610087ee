package dev.monologue.e2e.faults;

import static dev.monologue.testsupport.Awaits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.PeerGoneException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A callee whose JVM is killed (SIGKILL) while it serves calls: its callers learn it at the next probe. */
class CalleeKilledMidCallTest {
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
  /** The stated bound: the probe interval, the probe's round trip and a loaded machine's slack. */
  static final Duration PEER_GONE_BOUND = PROBE_INTERVAL.plusSeconds(5);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void callersOfAKilledCalleeFailWithPeerGoneWithinTheProbeBound() throws Exception {
    LocalRelay relay = LocalRelay.builder().port(0).build();
    open.add(relay);
    relay.start();
    ChildJvm callee = ChildJvm.builder(CalleeMain.class).name("callee").args(relay.endpoint().toString()).start();
    open.add(callee);
    String calleeId = callee.awaitLine(Pattern.compile("callee (\\S+)"), ChildRelay.START).group(1);
    Monologue caller = Monologue.create(MonologueOptions.builder().endpoint(relay.endpoint())
        .timeout(CALL_TIMEOUT).connectTimeout(Awaits.WAIT).probeInterval(PROBE_INTERVAL).build());
    open.add(caller);
    caller.connect();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (String token : List.of("a", "b", "c")) {
      calls.add(caller.call(calleeId, "hold", String.class, token));
    }
    for (String token : List.of("a", "b", "c")) {
      callee.awaitLine(Pattern.compile("holding " + token), Awaits.WAIT);
    }
    long killed = System.nanoTime();
    callee.kill();
    for (CompletableFuture<String> call : calls) {
      PeerGoneException e = assertInstanceOf(PeerGoneException.class, failure(call, PEER_GONE_BOUND.plusSeconds(5)));
      assertEquals("hold", e.method());
      assertEquals(calleeId, e.peer());
    }
    long millis = Awaits.millisSince(killed);
    assertTrue(millis < PEER_GONE_BOUND.toMillis(), "callers learned of the killed callee after " + millis
        + " ms; the bound is " + PEER_GONE_BOUND);
  }
}
