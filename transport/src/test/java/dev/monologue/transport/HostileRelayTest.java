package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.Awaits;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A relay that sends more than any message may hold, or starts a message and never finishes it. */
class HostileRelayTest {
  private static final int FRAGMENT = 32 * 1024;
  private static final long HUGE = 200L * 1024 * 1024;
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aTwoHundredMegabyteMessageInFragmentsIsCutOffEarly() throws Exception {
    byte[] chunk = new byte[FRAGMENT];
    Arrays.fill(chunk, (byte) 'x');
    HostileRelay relay = harness.add(new HostileRelay((out, r) -> {
      r.frame(out, 0x01, chunk); // a text message, not final
      for (long sent = FRAGMENT; sent < HUGE; sent += FRAGMENT) {
        r.frame(out, 0x00, chunk); // continuations, never final
      }
    }));
    FaultHarness.Events events = new FaultHarness.Events();
    long heapBefore = usedHeap();
    // The ID as connect() returned it: the relay may already have been cut off by the time id() could be asked.
    String id = harness.client(options(relay.endpoint()).keepAliveInterval(Duration.ZERO)
        .connectionListener(events)).connect();
    String down = events.next();
    assertTrue(down.equals("down " + id), down);
    relay.clientGone.get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    long sent = relay.sentBytes();
    // The client closes at 512 KB; what else was written sat in socket buffers, never in the client's heap.
    assertTrue(sent < 32L * 1024 * 1024, "the relay wrote " + sent + " bytes before the client cut it off");
    long grown = usedHeap() - heapBefore;
    assertTrue(grown < 64L * 1024 * 1024, "heap grew by " + grown + " bytes");
  }

  @Test
  void anUnfinishedMessageFollowedBySilenceDropsTheConnection() throws Exception {
    HostileRelay relay = harness.add(new HostileRelay((out, r) -> {
      r.frame(out, 0x01, new byte[FRAGMENT]); // a text message, not final, and then nothing
    }));
    FaultHarness.Events events = new FaultHarness.Events();
    Duration interval = Duration.ofMillis(500);
    Duration timeout = Duration.ofSeconds(2);
    String id = harness.client(options(relay.endpoint()).timeout(timeout)
        .keepAliveInterval(interval).connectionListener(events)).connect();
    long start = System.nanoTime();
    String down = events.next();
    assertTrue(down.equals("down " + id), down);
    long millis = Awaits.millisSince(start);
    assertTrue(millis < interval.plus(timeout).plusSeconds(5).toMillis(), "dropped after " + millis + " ms");
    relay.clientGone.get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static long usedHeap() {
    System.gc(); // a hint; the bound below is loose enough for a collection that did not run
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
