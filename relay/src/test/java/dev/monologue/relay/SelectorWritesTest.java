package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With one I/O thread the selector thread decodes and routes what it reads, and writes a routed frame itself when
 * nothing waits before it ({@link SelectorDecoder}, {@link CountingChannel#writeFirst}); with more, Java-WebSocket's
 * decoder threads route. Either way frames the socket takes only in parts stay whole and in order.
 */
class SelectorWritesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void framesAreRoutedOnTheSelectorThreadThatReadThem() throws Exception {
    CompletableFuture<String> routedOn = new CompletableFuture<>();
    try (LocalRelay relay = LocalRelay.builder().backend(connections -> new RelayBackend() {
      @Override
      public void onConnect(String id, Map<String, String> headers) {}

      @Override
      public void onText(String id, String frame) {
        routedOn.complete(Thread.currentThread().getName());
      }

      @Override
      public void onDisconnect(String id) {}
    }).build()) {
      relay.start();
      try (TestClient c = TestClient.connect(relay.endpoint())) {
        c.send("hello");
        String thread = routedOn.get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(thread.startsWith("WebSocketSelector-"), "routed on " + thread);
      }
    }
  }

  @Test
  void withSeveralIoThreadsFramesAreRoutedOnJavaWebSocketsDecoderThreads() throws Exception {
    CompletableFuture<String> routedOn = new CompletableFuture<>();
    try (LocalRelay relay = LocalRelay.builder().ioThreads(2).backend(connections -> new RelayBackend() {
      @Override
      public void onConnect(String id, Map<String, String> headers) {}

      @Override
      public void onText(String id, String frame) {
        routedOn.complete(Thread.currentThread().getName());
      }

      @Override
      public void onDisconnect(String id) {}
    }).build()) {
      relay.start();
      try (TestClient c = TestClient.connect(relay.endpoint())) {
        c.send("hello");
        String thread = routedOn.get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(thread.startsWith("WebSocketWorker-"), "routed on " + thread);
      }
    }
  }

  /**
   * Many frames in one write, so the relay reads many at once; over TLS (several records read at once, some held
   * decrypted in the TLS channel) and with one or two I/O threads.
   */
  @ParameterizedTest(name = "tls={0}, ioThreads={1}")
  @CsvSource({"false, 1", "false, 2", "true, 1", "true, 2"})
  void framesOfOneReadToSeveralTargetsReachEachInOrder(boolean overTls, int ioThreads) throws Exception {
    TestTls tls = overTls ? new TestTls() : null;
    LocalRelay.Builder builder = LocalRelay.builder().ioThreads(ioThreads);
    if (overTls) {
      builder.tls(tls.server);
    }
    try (LocalRelay relay = builder.build()) {
      relay.start();
      javax.net.ssl.SSLContext client = overTls ? tls.client : null;
      try (RawClient sender = RawClient.connect(relay.endpoint(), 64 * 1024, client);
          TestClient a = TestClient.connect(relay.endpoint(), Map.of(), client);
          TestClient b = TestClient.connect(relay.endpoint(), Map.of(), client)) {
        List<String> frames = new ArrayList<>();
        String filler = "f".repeat(700); // 100 frames: about 70 KB, several TLS records
        for (int i = 0; i < 100; i++) {
          String to = i % 3 == 0 ? b.id() : a.id();
          frames.add("{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"seq\":" + i
              + ",\"f\":\"" + filler + "\"}}");
        }
        sender.sendTogether(frames); // one write: the relay reads many of them at once
        for (int i = 0; i < 100; i++) {
          TestClient target = i % 3 == 0 ? b : a;
          assertEquals(i, MAPPER.readTree(target.next()).get("payload").get("seq").asInt(), "message " + i);
        }
      }
    }
  }

  @Test
  void aReplyToAFrameReadWithTheClientsCloseArrivesBeforeTheCloseEcho() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().build()) {
      relay.start();
      try (RawClient client = RawClient.connect(relay.endpoint(), 64 * 1024)) {
        client.sendThenClose("{\"action\":\"loopback\",\"payload\":{\"token\":\"last\"}}", 1000);
        assertTrue(client.next().contains("\"last\""), "the loopback reply, before the close");
        assertEquals(1000, client.nextClose());
      }
    }
  }

  @Test
  void framesTheSocketTakesInPartsArriveWholeAndInOrder() throws Exception {
    int messages = 200;
    String filler = "x".repeat(20 * 1024); // 200 x 20 KB: far more than a 4 KB receive window and the send buffer
    try (LocalRelay relay = LocalRelay.builder().maxQueuedBytesPerConnection(64L * 1024 * 1024).build()) {
      relay.start();
      try (RawClient slow = RawClient.connect(relay.endpoint(), 4096);
          TestClient sender = TestClient.connect(relay.endpoint())) {
        slow.send("{\"action\":\"whoami\",\"payload\":{}}");
        String slowId = MAPPER.readTree(slow.next()).get("to").asText();
        for (int i = 0; i < messages; i++) {
          sender.send("{\"action\":\"sendmessage\",\"to\":\"" + slowId + "\",\"payload\":{\"seq\":" + i
              + ",\"f\":\"" + filler + "\"}}");
        }
        // The relay routes a connection's frames in order: once this echo is back, all of the above were routed,
        // most of them while the slow client's socket took none or part of a frame.
        sender.send("{\"action\":\"loopback\",\"payload\":{\"token\":\"routed\"}}");
        assertTrue(sender.next().contains("\"routed\""));
        for (int i = 0; i < messages; i++) {
          JsonNode frame = MAPPER.readTree(slow.next());
          assertEquals(i, frame.get("payload").get("seq").asInt(), "message " + i);
          assertEquals(filler, frame.get("payload").get("f").asText(), "message " + i);
        }
      }
    }
  }
}
