package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.TestClient;
import dev.monologue.wire.Limits;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.junit.jupiter.api.Test;

/**
 * A reply queued while Java-WebSocket's selector thread finishes writing the same connection is still sent. The
 * selector, having emptied a connection's queue, sets its interest back to reading only; a decoder thread (the
 * relay with more than one I/O thread) that queued a reply just before, and asked for write interest, lost it, and
 * the reply stayed queued. A client's first {@code whoami} hit this: its echo could strand, and the client waited for its ID until its connect timeout
 * (about one full test run in six). Here the selector is slowed at exactly that point, so that most connects would
 * strand without the relay's repair ({@link CountingChannel}).
 */
class SelectorWriteRaceTest {
  private static final int CONNECTS = 40;
  /** A stranded reply never comes; one that comes does so within milliseconds. */
  private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

  @Test
  void everyWhoamiIsAnsweredThoughTheSelectorIsSlowToDropWriteInterest() throws Exception {
    ConnectionLimits limits = new ConnectionLimits(Limits.MAX_MESSAGE_BYTES, Limits.MAX_FRAME_BYTES,
        Limits.IDLE_TIMEOUT, Limits.MAX_CONNECTION_DURATION, LocalRelay.DEFAULT_MAX_QUEUED_BYTES_PER_CONNECTION, 0, 0,
        LocalRelay.DEFAULT_MAX_CONNECTIONS, LocalRelay.DEFAULT_MAX_PENDING_HANDSHAKES,
        LocalRelay.DEFAULT_HANDSHAKE_TIMEOUT, LocalRelay.DEFAULT_MAX_BUFFERED_BYTES);
    WebSocketFront front = new WebSocketFront(new InetSocketAddress("127.0.0.1", 0), Set.of(), limits,
        connections -> new RouterBackend(connections, Limits.MAX_MESSAGE_BYTES,
            dev.monologue.relay.core.RelayPolicy.DEFAULT, dev.monologue.wire.NameLease.DEFAULT), null, 0, 2);
    front.setWebSocketFactory(new CountingSocketFactory(socket -> {}, SlowToDropWriteInterest::new, null, null));
    front.start();
    try {
      assertTrue(front.startedOrFailed().await(10, TimeUnit.SECONDS), "the relay did not start");
      URI endpoint = URI.create("ws://127.0.0.1:" + front.getPort());
      for (int i = 0; i < CONNECTS; i++) {
        try (TestClient client = TestClient.connect(endpoint)) {
          client.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"w" + i + "\"}}");
          assertNotNull(client.received.poll(REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS),
              "connect " + i + ": the whoami echo stayed queued at the relay");
        }
      }
    } finally {
      front.stop(2000, "test over");
    }
  }

  /**
   * Java-WebSocket's connection, with its selector thread held up for 2 ms right after it emptied the connection's
   * queue (its write loop asks {@code isFlushAndClose()} there), before it drops the write interest.
   */
  private static final class SlowToDropWriteInterest extends WebSocketImpl {
    SlowToDropWriteInterest(WebSocketListener listener, List<Draft> drafts) {
      super(listener, drafts);
    }

    @Override
    public boolean isFlushAndClose() {
      if (Thread.currentThread().getName().startsWith("WebSocketSelector")) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        while (System.nanoTime() - until < 0) {
          Thread.onSpinWait(); // busy, as a preempted thread would be: the decoder thread runs meanwhile
        }
      }
      return super.isFlushAndClose();
    }
  }
}
