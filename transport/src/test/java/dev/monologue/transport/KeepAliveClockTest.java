package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.wire.ClientFrames;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The keep-alive on a clock the test moves: a quiet connection sends one after the interval, and is dropped only when
 * no answer came within the echo timeout. No wall-clock wait.
 */
class KeepAliveClockTest {
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(15);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final ClientTimer timer = new ClientTimer(scheduler, scheduler::nanoTime);
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final List<String> aborted = new CopyOnWriteArrayList<>();
  private final FrameWriter frames = new FrameWriter(new JsonCodec(new ObjectMapper()));
  private final KeepAlive keepAlive = new KeepAlive(timer, frames, INTERVAL, ECHO_TIMEOUT, () -> false, () -> false);

  private RelayConnection connection() {
    RelaySocket socket = new RelaySocket() {
      @Override
      public void connect() {}

      @Override
      public void send(String text) {
        sent.add(text);
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close(Duration wait) {}

      @Override
      public void abort(String reason) {
        aborted.add(reason);
      }
    };
    RelayConnection.ConnectionSettings settings = new RelayConnection.ConnectionSettings(URI.create("ws://relay:1"),
        null, Duration.ofSeconds(5), listener -> socket, c -> CompletableFuture.completedFuture(null),
        scheduler::nanoTime);
    RelayConnection c = new RelayConnection(settings, new Tokens(), frames, (conn, text) -> {},
        new RelayConnection.Lifecycle() {
          @Override
          public void onIdentified(RelayConnection conn) {}

          @Override
          public void onClosed(RelayConnection conn, int code, String reason) {}
        }, null, false);
    c.onOpen(); // sends its whoami
    sent.clear();
    return c;
  }

  @Test
  void anUnansweredKeepAliveDropsTheConnectionAfterTheEchoTimeout() {
    RelayConnection c = connection();
    keepAlive.start(c);
    scheduler.advance(INTERVAL.minusSeconds(1));
    assertEquals(List.of(), sent, "sent before the interval");
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(List.of(ClientFrames.KEEPALIVE), sent);
    scheduler.advance(ECHO_TIMEOUT.minusSeconds(1));
    assertEquals(List.of(), aborted, "dropped before the echo timeout");
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(List.of("no keep-alive answer within " + ECHO_TIMEOUT.toMillis() + " ms"), aborted);
  }

  @Test
  void anAnsweredKeepAliveKeepsTheConnection() {
    RelayConnection c = connection();
    keepAlive.start(c);
    scheduler.advance(INTERVAL);
    assertEquals(List.of(ClientFrames.KEEPALIVE), sent);
    c.keepAlive().answered();
    scheduler.advance(ECHO_TIMEOUT);
    assertEquals(List.of(), aborted);
    assertEquals(1, c.keepAlive().counts()[0]);
    assertEquals(1, c.keepAlive().counts()[1]);
  }

  @Test
  void aThrottleFrameAnswersTheKeepAliveWaiting() {
    RelayConnection c = connection();
    keepAlive.start(c);
    scheduler.advance(INTERVAL);
    assertEquals(true, c.throttleFrameReceived(sentAt -> true));
    assertEquals(false, c.throttleFrameReceived(sentAt -> true), "one throttle frame per keep-alive");
    scheduler.advance(ECHO_TIMEOUT);
    assertEquals(List.of(), aborted);
    assertEquals(1, c.keepAlive().throttled());
  }
}
