package dev.monologue.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * The baseline: the same relay carrying the same frames between two bare Java-WebSocket clients, with no RPC layer.
 * The caller sends a REQ-like {@code sendmessage} and matches the reply by token; the echo side parses the token and
 * the argument with a streaming parser and writes an ACK-like reply. Jackson's streaming API on both sides, as a
 * careful hand-written client would have it.
 */
final class RawEcho implements Contender {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Base64.Encoder TOKENS = Base64.getUrlEncoder().withoutPadding();

  private final Peer caller;
  private final Peer echo;
  private final ConcurrentHashMap<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

  RawEcho(URI endpoint) throws Exception {
    this.echo = new Peer(endpoint, this::onEchoSide);
    this.caller = new Peer(endpoint, this::onCallerSide);
    echo.open();
    caller.open();
  }

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public void callAndWait() throws Exception {
    callAsync().get(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<?> callAsync() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    String token = TOKENS.encodeToString(bytes);
    CompletableFuture<String> reply = new CompletableFuture<>();
    pending.put(token, reply);
    caller.send(request(echo.id, token));
    return reply;
  }

  private static String request(String to, String token) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("action", "sendmessage");
      g.writeStringField("to", to);
      g.writeObjectFieldStart("payload");
      g.writeStringField("type", "REQ");
      g.writeStringField("token", token);
      g.writeStringField("name", "echo");
      g.writeArrayFieldStart("args");
      g.writeString(PAYLOAD);
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** {@code {"to":..,"from":F,"payload":{"type":"REQ","token":T,"name":..,"args":[A]}}} → ACK of A to F. */
  private void onEchoSide(String frame) {
    Delivered d = Delivered.parse(frame, "args");
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("action", "sendmessage");
      g.writeStringField("to", d.from);
      g.writeObjectFieldStart("payload");
      g.writeStringField("type", "ACK");
      g.writeStringField("token", d.token);
      g.writeStringField("ret", d.value);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    echo.send(out.toString());
  }

  private void onCallerSide(String frame) {
    Delivered d = Delivered.parse(frame, "ret");
    CompletableFuture<String> reply = d.token == null ? null : pending.remove(d.token);
    if (reply != null) {
      reply.complete(d.value);
    }
  }

  @Override
  public void close() {
    caller.close();
    echo.close();
    pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed")));
  }

  /** What the raw sides read from a delivered frame: the sender, the payload's token and one string value. */
  private static final class Delivered {
    String from;
    String token;
    String value;

    /** {@code valueField} is {@code args} (its first element is taken) or {@code ret}. */
    static Delivered parse(String frame, String valueField) {
      Delivered d = new Delivered();
      try (JsonParser p = JSON.createParser(frame)) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if ("from".equals(field)) {
            d.from = p.getText();
          } else if ("payload".equals(field) && t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String inner = p.currentName();
              JsonToken v = p.nextToken();
              if ("token".equals(inner)) {
                d.token = p.getText();
              } else if (valueField.equals(inner) && v == JsonToken.START_ARRAY) {
                p.nextToken();
                d.value = p.getText();
                p.skipChildren();
                while (p.currentToken() != JsonToken.END_ARRAY) {
                  p.nextToken();
                }
              } else if (valueField.equals(inner)) {
                d.value = p.getText();
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return d;
    }
  }

  /** One bare WebSocket client: learns its ID with whoami, then hands every frame to {@code onFrame}. */
  private static final class Peer extends WebSocketClient {
    private final java.util.function.Consumer<String> onFrame;
    private final CompletableFuture<String> whoami = new CompletableFuture<>();
    volatile String id;

    Peer(URI endpoint, java.util.function.Consumer<String> onFrame) {
      super(endpoint);
      this.onFrame = onFrame;
      setTcpNoDelay(true);
    }

    void open() throws Exception {
      if (!connectBlocking(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("raw client could not connect to " + getURI());
      }
      send("{\"action\":\"whoami\",\"payload\":{\"token\":\"raw-whoami\"}}");
      id = whoami.get(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      if (id == null) {
        whoami.complete(Delivered.parse(message, "ret").from);
        return;
      }
      onFrame.accept(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      whoami.completeExceptionally(new IllegalStateException("closed: " + code + " " + reason));
    }

    @Override
    public void onError(Exception ex) {
      whoami.completeExceptionally(ex);
    }
  }
}
