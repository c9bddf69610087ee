package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Floods of replies with unknown tokens or none, of replies with a real token from the wrong machine, of relay-style
 * error payloads and of requests without a token: the client keeps nothing of them, logs a line or two, and its call still gets
 * the real reply.
 */
class FloodFaultTest {
  private static final int FLOOD = 2_000;
  /** Reading the whole flood on a loaded 2-core machine takes seconds. */
  private static final Duration FLOOD_READ = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  /** A bare WebSocket client that sends frames as written. */
  private static final class Raw extends WebSocketClient implements AutoCloseable {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    Raw(URI endpoint) {
      super(endpoint);
    }

    static Raw connect(URI endpoint) throws InterruptedException {
      Raw raw = new Raw(endpoint);
      assertTrue(raw.connectBlocking(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "raw client connects");
      return raw;
    }

    String next() throws InterruptedException {
      return next(Awaits.WAIT);
    }

    String next(Duration bound) throws InterruptedException {
      String frame = received.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(frame != null, "a frame within " + bound);
      return frame;
    }

    String id() throws Exception {
      send("{\"action\":\"whoami\",\"payload\":{\"token\":\"me\"}}");
      return JSON.readTree(next()).get("from").asText();
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      received.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Exception ex) {}

    @Override
    public void close() {
      super.close();
    }
  }

  @Test
  void floodsOfForeignRepliesAndMalformedFramesLeaveNoTraceAndALineOrTwoInTheLog() throws Exception {
    // Room for the whole flood at the relay: what is tested is the client, not the relay's bound on a slow reader.
    LocalRelay relay = harness.add(LocalRelay.builder().maxQueuedBytesPerConnection(64L * 1024 * 1024).build());
    relay.start();
    MonologueClient caller = harness.connected(options(relay.endpoint()));
    Raw callee = harness.add(Raw.connect(relay.endpoint()));
    Raw flooder = harness.add(Raw.connect(relay.endpoint()));
    String calleeId = callee.id();
    flooder.id();
    caller.on("echo", args -> args.get(0, Integer.class));
    CompletableFuture<JsonNode> call = caller.call(calleeId, "slow");
    String token = JSON.readTree(callee.next()).at("/payload/token").asText();

    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String to = "{\"action\":\"sendmessage\",\"to\":\"" + caller.id() + "\",\"payload\":";
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (int i = 0; i < FLOOD; i++) {
        flooder.send(to + "{\"type\":\"ACK\",\"token\":\"" + token + "\",\"ret\":\"forged\"}}");
        flooder.send(to + "{\"type\":\"ERR\",\"token\":\"unknown" + i + "\",\"error\":{\"code\":\"X\"}}}");
        flooder.send(to + "{\"type\":\"ERR\",\"token\":\"" + token + "\",\"error\":{\"code\":\"PEER_GONE\","
            + "\"message\":\"gone\",\"source\":\"relay\"}}}");
        flooder.send(to + "{\"type\":\"ACK\",\"ret\":\"no token " + i + "\"}}");
        flooder.send(to + "{\"type\":\"REQ\",\"name\":\"no token\"}}");
      }
      // A request after the flood, on the same connection: once answered, the caller has read the whole flood.
      flooder.send(to + "{\"type\":\"REQ\",\"token\":\"after\",\"name\":\"echo\",\"args\":[1]}}");
      JsonNode answer = JSON.readTree(flooder.next(FLOOD_READ));
      assertEquals("after", answer.at("/payload/token").asText(), answer.toString());
    } finally {
      System.setErr(stderr);
    }
    long lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARN")).count();
    System.out.println("[flood] " + 5 * FLOOD + " hostile frames made the client log " + lines + " warnings");
    assertTrue(lines <= 10, lines + " warning lines for " + 5 * FLOOD + " hostile frames:\n" + captured);
    assertTrue(!call.isDone(), "no hostile frame resolved the call");
    assertEquals(1, caller.callSlotsInUse(), "the flood left nothing behind");
    callee.send(to + "{\"type\":\"ACK\",\"token\":\"" + token + "\",\"ret\":\"real\"}}");
    assertEquals("real", await(call).asText());
    assertEquals(0, caller.callSlotsInUse());
  }
}
