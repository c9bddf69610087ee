package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.RecordingLogs;
import dev.monologue.wire.LogKeys;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the reader thread logs while it handles a connection's frame or its close carries the connection's ID. */
class RelayConnectionLogContextTest {
  private static final RelaySocket IDLE_SOCKET = new RelaySocket() {
    @Override
    public void connect() {}

    @Override
    public void send(String text) {}

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close(Duration wait) {}

    @Override
    public void abort(String reason) {}
  };

  @Test
  void framesAndTheCloseAreHandledWithTheConnectionIdInTheMdc() {
    assertTrue(RecordingLogs.bound(), "run with -Dslf4j.provider=" + RecordingLogs.class.getName()
        + " (transport/pom.xml sets it): slf4j-simple has no MDC");
    List<String> seen = new ArrayList<>();
    RelayConnection.ConnectionSettings settings = new RelayConnection.ConnectionSettings(URI.create("ws://relay:1"),
        null, Duration.ofSeconds(5), listener -> IDLE_SOCKET, c -> CompletableFuture.completedFuture(null),
        System::nanoTime);
    RelayConnection connection = new RelayConnection(settings, new Tokens(), new FrameWriter(new JsonCodec(
        new ObjectMapper())), (c, text) -> seen.add(text + " " + MDC.get(LogKeys.CONNECTION_ID)),
        new RelayConnection.Lifecycle() {
          @Override
          public void onIdentified(RelayConnection c) {}

          @Override
          public void onClosed(RelayConnection c, int code, String reason) {
            seen.add("closed " + MDC.get(LogKeys.CONNECTION_ID));
          }
        }, null, false);

    connection.onText("before");
    connection.identified("Zm9vYmFyYmF6cXV4Zm9vYg");
    connection.onText("after");
    assertNull(MDC.get(LogKeys.CONNECTION_ID), "the tag ends with the frame");
    MDC.put(LogKeys.CONNECTION_ID, "outer");
    connection.onClosed(1001, "going away", true);
    assertEquals("outer", MDC.get(LogKeys.CONNECTION_ID), "what was there before is put back");
    MDC.remove(LogKeys.CONNECTION_ID);

    assertEquals(List.of("before null", "after Zm9vYmFyYmF6cXV4Zm9vYg", "closed Zm9vYmFyYmF6cXV4Zm9vYg"), seen);
  }
}
