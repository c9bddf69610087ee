package dev.monologue.e2e.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A bare WebSocket callee: records every request it receives and fails it at once with {@code HANDLER_FAILED}, so
 * that a caller's frames can be compared byte for byte.
 */
final class FrameRecorder extends WebSocketClient {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
  private final CompletableFuture<String> id = new CompletableFuture<>();

  private FrameRecorder(URI endpoint, String apiKey) {
    super(endpoint, Map.of("x-api-key", apiKey));
  }

  /** Connects (over {@code wss://} trusted through {@code tls} when it is not null) and learns its connection ID. */
  static FrameRecorder connect(URI endpoint, String apiKey, SSLContext tls) throws Exception {
    FrameRecorder recorder = new FrameRecorder(endpoint, apiKey);
    if (tls != null) {
      recorder.setSocketFactory(tls.getSocketFactory());
    }
    if (!recorder.connectBlocking(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      recorder.close();
      throw new AssertionError("the recorder could not connect to " + endpoint);
    }
    recorder.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"recorder\"}}");
    recorder.id.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return recorder;
  }

  String id() {
    return id.join();
  }

  /** The next request frame as the relay delivered it ({@code {"to","from","payload"}}). */
  JsonNode nextRequest() throws InterruptedException {
    JsonNode frame = requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no request within " + WAIT);
    }
    return frame;
  }

  @Override
  public void onMessage(String message) {
    JsonNode frame;
    try {
      frame = JSON.readTree(message);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + message, e);
    }
    JsonNode payload = frame.path("payload");
    if ("recorder".equals(payload.path("token").asText()) && !payload.has("type")) {
      id.complete(frame.path("from").asText());
      return;
    }
    if (!"REQ".equals(payload.path("type").asText())) {
      return;
    }
    requests.add(frame);
    ObjectNode reply = JSON.createObjectNode();
    reply.put("action", "sendmessage");
    reply.put("to", frame.path("from").asText());
    ObjectNode error = reply.putObject("payload").put("type", "ERR").put("token", payload.path("token").asText())
        .putObject("error");
    error.put("code", "HANDLER_FAILED").put("message", "recorded").put("remoteType", "java.lang.IllegalStateException");
    send(reply.toString());
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onClose(int code, String reason, boolean remote) {}

  @Override
  public void onError(Exception ex) {}
}
