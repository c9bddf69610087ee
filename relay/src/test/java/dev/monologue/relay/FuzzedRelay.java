package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import dev.monologue.relay.core.Router;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.TestClient;
import dev.monologue.wire.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One real {@link LocalRelay} on loopback shared by the byte-level fuzz tests ({@link FrameBytesFuzzTest},
 * {@link UpgradeFuzzTest}), routing with a real {@link Router} through a backend that notes whatever the front hands
 * it that it should not: a text over the message limit, or an exception out of the router. After each input,
 * {@link #assertStillServes} is the oracle: the relay read the input to its end and closed its connection, noted
 * nothing, still answers a well-formed client, and keeps no connection open.
 */
final class FuzzedRelay {
  /** Small, so that inputs reach the limit. */
  static final int MAX_MESSAGE_BYTES = 8 * 1024;

  private static FuzzedRelay shared;

  final LocalRelay relay;
  private final List<String> faults = new ArrayList<>();

  private FuzzedRelay() {
    relay = LocalRelay.builder().port(0).maxMessageBytes(MAX_MESSAGE_BYTES)
        .backend(connections -> new NotingBackend(new Router(connections, MAX_MESSAGE_BYTES))).build();
    relay.start();
    Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "fuzzed-relay-close"));
  }

  /**
   * The shared relay, started on first use and closed when the JVM exits. Call it first in each input: it allows
   * connections to the relay's port, which Jazzer would otherwise report as request forgery (it resets what is
   * allowed when fuzzing starts).
   */
  static synchronized FuzzedRelay get() {
    if (shared == null) {
      shared = new FuzzedRelay();
    }
    int port = shared.relay.port();
    BugDetectors.allowNetworkConnections((host, to) -> to == port);
    return shared;
  }

  /**
   * Ends the input's connection and checks the relay: it closes the connection within {@link TestClient#WAIT}
   * (it read the input to its end rather than hanging on it), has noted no fault, answers a fresh client's bare
   * whoami with its ID, and keeps no connection open afterwards.
   */
  void assertStillServes(RawClient input, String what) throws Exception {
    try (input) {
      try {
        input.endOutput();
      } catch (IOException closedFirst) {
        // the relay closed it already
      }
      assertTrue(input.drainUntilClosed(), "the relay did not close the connection within " + TestClient.WAIT
          + " after " + what + " ended");
    }
    List<String> noted;
    synchronized (faults) {
      noted = List.copyOf(faults);
      faults.clear(); // each input answers for its own
    }
    assertEquals(List.of(), noted, "faults after " + what);
    try (RawClient fresh = RawClient.connect(relay.endpoint(), 64 * 1024)) {
      fresh.send(Router.BARE_WHOAMI);
      String id = fresh.next();
      assertTrue(id.length() >= 16 && !id.startsWith("{"), "whoami after " + what + ": " + id);
    }
    Awaits.eventually("the relay keeps no connection after " + what, () -> relay.connectionCount() == 0);
  }

  private final class NotingBackend implements RelayBackend {
    private final Router router;

    NotingBackend(Router router) {
      this.router = router;
    }

    @Override
    public void onConnect(String id, Map<String, String> headers) {}

    @Override
    public void onText(String id, String frame) {
      long bytes = Utf8.length(frame);
      if (bytes > MAX_MESSAGE_BYTES) {
        note("a text of " + bytes + " bytes reached the backend; the limit is " + MAX_MESSAGE_BYTES);
      }
      try {
        router.onText(id, frame);
      } catch (RuntimeException | Error e) {
        note("the router threw " + e);
        throw e;
      }
    }

    @Override
    public void onDisconnect(String id) {
      router.onDisconnect(id);
    }

    private void note(String fault) {
      synchronized (faults) {
        faults.add(fault);
      }
    }
  }
}
