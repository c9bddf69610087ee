package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.monologue.MonologueJson;
import dev.monologue.MonologueOptions;
import dev.monologue.NoSuchRemoteMethodException;
import dev.monologue.PeerGoneException;
import dev.monologue.RelayRejectedException;
import dev.monologue.RemoteFailureException;
import dev.monologue.ReplyDecodingException;
import dev.monologue.binding.SampleService.Person;
import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.RelayEvent;
import dev.monologue.wire.ReservedSenders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Fuzzes what a client does with the text frames the relay hands it: replies to its own calls (ACK, ERR, relay
 * errors, with its tokens and with made-up ones), requests, probes and garbage. For every input, handling a frame
 * never throws, a call completes only from a frame that answered it (right token, right peer) and with that frame's
 * value, exactly the unanswered calls stay pending (and hold call slots), and a request or PING gets exactly one
 * reply, to its sender, with its token.
 *
 * <p>An input is text. Its first line opens up to four calls, one per character: an even character calls peer
 * {@code A}, an odd one {@code B}; {@code (c >> 1) & 3} picks the result type (JsonNode, String, Person, int). Each
 * further line is one frame; {@code $0}..{@code $3} in it stand for the tokens of those calls. A plain build
 * replays {@code IncomingFramesFuzzTestInputs/}; see docs/fuzzing.md.
 */
class IncomingFramesFuzzTest {
  static final String ME = "ME";
  static final String RELAY = ReservedSenders.RELAY;
  /** The mapping the client reads frames with: the model below must parse them the same way. */
  static final ObjectMapper MAPPER = MonologueJson.newMapper();
  private static final String[] PEERS = {"A", "B"};
  private static final Class<?>[] RESULT_TYPES = {JsonNode.class, String.class, Person.class, int.class};
  private static final int MAX_CALLS = 4;
  private static final int MAX_FRAMES = 16;

  private static final ClientOnFakeSocket CLIENT = new ClientOnFakeSocket(MonologueOptions.builder());

  static {
    CLIENT.client.on("echo", args -> args.size() == 0 ? null : args.node(0));
    CLIENT.client.on("fail", args -> {
      throw new IllegalStateException("failing on purpose");
    });
  }

  @FuzzTest(maxDuration = "30s")
  void anyFrames(byte[] input) throws Throwable {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", MAX_FRAMES + 1);
    assertEquals(0, CLIENT.pendingCalls(), "calls left pending by an earlier input");
    assertEquals(0, CLIENT.client.callSlotsInUse(), "call slots held by an earlier input");
    CLIENT.drain();

    List<OpenCall> calls = new ArrayList<>();
    String spec = lines[0];
    for (int i = 0; i < Math.min(MAX_CALLS, spec.length()); i++) {
      char c = spec.charAt(i);
      String peer = PEERS[c & 1];
      Class<?> type = RESULT_TYPES[(c >> 1) & 3];
      CompletableFuture<?> future = CLIENT.client.call(peer, "m" + i, type, i);
      List<String> sent = CLIENT.drain();
      assertEquals(1, sent.size(), "a call sends one request");
      String token = MAPPER.readTree(sent.get(0)).at("/payload/token").textValue();
      calls.add(new OpenCall(peer, type, token, future));
    }
    try {
      for (int i = 1; i < lines.length; i++) {
        String frame = lines[i];
        for (int k = 0; k < calls.size(); k++) {
          frame = frame.replace("$" + k, calls.get(k).token);
        }
        receiveAndCheck(frame, calls);
      }
    } finally {
      for (OpenCall call : calls) {
        call.future.cancel(false);
      }
    }
    assertEquals(0, CLIENT.pendingCalls(), "cancelled calls must be forgotten");
    assertEquals(0, CLIENT.client.callSlotsInUse(), "cancelled calls must give their slots back");
  }

  /** Hands one frame to the client and checks it against what the protocol says must happen. */
  private static void receiveAndCheck(String frame, List<OpenCall> calls) throws Throwable {
    JsonNode parsed = parseOrNull(frame);
    JsonNode payload = parsed == null ? null : parsed.get("payload");
    boolean routed = payload != null && payload.isObject();
    String from = routed ? parsed.path("from").textValue() : null;
    String token = routed ? payload.path("token").textValue() : null;
    String type = routed ? payload.path("type").asText("") : "";
    // Which open call this frame resolves, if any.
    OpenCall answered = null;
    if (from != null && token != null) {
      for (OpenCall call : calls) {
        if (!call.future.isDone() && call.token.equals(token)
            && ((RELAY.equals(from) && !type.equals(RelayEvent.TYPE)) // a relay event answers no call
                || (call.peer.equals(from) && (type.equals("ACK") || type.equals("ERR"))))) {
          answered = call;
        }
      }
    }

    CLIENT.receive(frame); // must not throw
    List<String> out = CLIENT.drain();

    String[] reply = expectedReply(frame);
    if (reply == null) {
      assertEquals(List.of(), out, "no frame may answer " + frame);
    } else if (reply[2].equals(ORIGINAL_REQ)) {
      // an original client's request: an ACK when it succeeded, nothing when it failed (it cannot read an ERR)
      assertTrue(out.size() <= 1, "at most one reply to " + frame + ", got " + out);
      if (!out.isEmpty()) {
        assertEquals("ACK", checkReply(out.get(0), reply).path("type").textValue(), out.get(0));
      }
    } else {
      assertEquals(1, out.size(), "exactly one reply to " + frame + ", got " + out);
      checkReply(out.get(0), reply);
    }

    for (OpenCall call : calls) {
      if (call == answered) {
        assertTrue(call.future.isDone(), "the frame answering " + call + " did not complete it: " + frame);
        checkOutcome(call, from, type, payload);
        call.checked = true;
      } else if (!call.checked) {
        assertFalse(call.future.isDone(), call + " completed by a frame that did not answer it: " + frame);
      }
    }
    long open = calls.stream().filter(c -> !c.future.isDone()).count();
    assertEquals(open, CLIENT.pendingCalls(), "pending calls after " + frame);
    assertEquals(open, CLIENT.client.callSlotsInUse(), "call slots in use after " + frame);
  }

  /** The outcome of a call must be the one its answering frame carries. */
  private static void checkOutcome(OpenCall call, String from, String type, JsonNode payload) throws Exception {
    Throwable failure = null;
    Object value = null;
    try {
      value = call.future.get();
    } catch (ExecutionException e) {
      failure = e.getCause();
    }
    JsonNode error = payload.path("error");
    String code = error.path("code").asText("UNKNOWN");
    if (RELAY.equals(from)) {
      Class<?> expected = ErrorCode.PEER_GONE.wire().equals(code) ? PeerGoneException.class : RelayRejectedException.class;
      assertInstanceOf(expected, failure);
    } else if (type.equals("ERR")) {
      Class<?> expected = ErrorCode.NO_SUCH_METHOD.wire().equals(code)
          ? NoSuchRemoteMethodException.class : RemoteFailureException.class;
      assertInstanceOf(expected, failure);
    } else {
      JsonNode ret = payload.get("ret");
      Object expected;
      try {
        expected = call.type == JsonNode.class ? (ret == null ? NullNode.getInstance() : ret)
            : MAPPER.readerFor(call.type).readValue(ret == null ? NullNode.getInstance() : ret);
      } catch (IOException | RuntimeException e) {
        assertInstanceOf(ReplyDecodingException.class, failure, "an undecodable result must fail the call");
        return;
      }
      assertEquals(null, failure, "an ACK with a decodable result failed " + call);
      assertEquals(expected, value, "the value of " + call + " is not the one its ACK carried");
    }
  }

  /**
   * What the client must write in answer to {@code text}: null for nothing, else {to, token, type}, where type is
   * REQ (answered by an ACK or ERR), {@link #ORIGINAL_REQ} (a REQ without the version marker: an ACK or nothing)
   * or PING (answered by a PONG).
   */
  static String[] expectedReply(String text) {
    JsonNode frame = parseOrNull(text);
    JsonNode payload = frame == null ? null : frame.get("payload");
    if (payload == null || !payload.isObject()) {
      return null;
    }
    String from = frame.path("from").textValue();
    String token = payload.path("token").textValue();
    String type = payload.path("type").asText("");
    if (from == null || RELAY.equals(from) || token == null || !(type.equals("REQ") || type.equals("PING"))) {
      return null;
    }
    JsonNode v = payload.path(ClientFrames.VERSION_FIELD);
    boolean versioned = v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= ClientFrames.VERSION;
    return new String[] {from, token, type.equals("REQ") && !versioned ? ORIGINAL_REQ : type};
  }

  static final String ORIGINAL_REQ = "REQ from an original client";

  /** Checks that {@code sent} is a well-formed reply as {@link #expectedReply} describes; returns its payload. */
  static JsonNode checkReply(String sent, String[] expected) throws IOException {
    JsonNode frame = MAPPER.readTree(sent);
    assertEquals("sendmessage", frame.path("action").textValue(), sent);
    assertEquals(expected[0], frame.path("to").textValue(), "a reply goes to the sender: " + sent);
    JsonNode payload = frame.get("payload");
    assertNotNull(payload, sent);
    assertEquals(expected[1], payload.path("token").textValue(), "a reply carries the request's token: " + sent);
    String type = payload.path("type").textValue();
    if (expected[2].equals("PING")) {
      assertEquals("PONG", type, sent);
    } else {
      assertTrue("ACK".equals(type) || "ERR".equals(type) && !expected[2].equals(ORIGINAL_REQ), sent);
      if ("ERR".equals(type)) {
        assertTrue(payload.path("error").path("code").isTextual(), sent);
      }
    }
    return payload;
  }

  static JsonNode parseOrNull(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static final class OpenCall {
    final String peer;
    final Class<?> type;
    final String token;
    final CompletableFuture<?> future;
    boolean checked;

    OpenCall(String peer, Class<?> type, String token, CompletableFuture<?> future) {
      this.peer = peer;
      this.type = type;
      this.token = Objects.requireNonNull(token, "token == null");
      this.future = future;
    }

    @Override
    public String toString() {
      return "call to " + peer + " for a " + type.getSimpleName() + " (token " + token + ")";
    }
  }

  /**
   * A real {@link MonologueClient} whose connection talks to an in-memory {@link RelaySocket} instead of a
   * WebSocket, handed in through the client's socket factory: frames it sends are recorded, frames "from the relay"
   * go straight to the connection's frame handling (whose exceptions reach the caller), handlers run on the
   * calling thread.
   */
  static final class ClientOnFakeSocket implements AutoCloseable {
    final MonologueClient client;
    private RelayConnection connection;
    private final List<String> sent = new ArrayList<>();

    ClientOnFakeSocket(MonologueOptions.Builder options) {
      client = new MonologueClient(options
          .endpoint("ws://127.0.0.1:9") // never dialled
          .timeout(Duration.ofMinutes(10)) // no call times out while an input runs
          .handlerExecutor(Runnable::run) // handlers reply before receive() returns
          .keepAliveInterval(Duration.ZERO)
          .maxConnectionAge(Duration.ZERO)
          .probeInterval(Duration.ofHours(1)) // probes exist, but never fire during a run
          .build(), listener -> {
            connection = (RelayConnection) listener;
            return new RecordingSocket();
          });
      if (!ME.equals(client.connect())) {
        throw new IllegalStateException("the client did not take the ID the fake relay gave it");
      }
    }

    /** Hands {@code text} to the client's frame handling, as the socket's reader thread does; rethrows its error. */
    void receive(String text) {
      client.dispatcher().onFrame(connection, text);
    }

    /** The frames the client sent since the last call. */
    synchronized List<String> drain() {
      List<String> out = List.copyOf(sent);
      sent.clear();
      return out;
    }

    int pendingCalls() {
      return client.pendingCalls();
    }

    @Override
    public void close() {
      client.close();
    }

    private final class RecordingSocket implements RelaySocket {
      /** Opens at once, and answers the whoami the client then sends, as the relay would. */
      @Override
      public void connect() {
        connection.onOpen();
        try {
          String token = MAPPER.readTree(drain().get(0)).at("/payload/token").textValue();
          connection.onText("{\"from\":\"" + ME + "\",\"payload\":{\"token\":\"" + token + "\"}}");
        } catch (IOException e) {
          throw new IllegalStateException("the client's whoami is not JSON", e);
        }
      }

      @Override
      public void send(String text) {
        synchronized (ClientOnFakeSocket.this) {
          sent.add(text);
        }
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close(Duration wait) {}

      @Override
      public void abort(String reason) {
        fail("the client aborted its connection: " + reason);
      }
    }
  }
}
