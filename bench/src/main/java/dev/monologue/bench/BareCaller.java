package dev.monologue.bench;

import java.net.URI;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The bare contender's caller: a Java-WebSocket client sending REQ frames through the relay and matching the ACKs by
 * token, with no RPC layer (no timeouts, no handler pool, no typed decoding): the ceiling of our own stack.
 */
final class BareCaller implements Connection {
  private static final Base64.Encoder TOKENS = Base64.getUrlEncoder().withoutPadding();

  private final String callee;
  private final BarePeer peer;
  private final ConcurrentHashMap<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

  BareCaller(URI endpoint, String callee) throws Exception {
    this.callee = callee;
    this.peer = new BarePeer(endpoint, this::onFrame);
    peer.open();
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
    peer.send(BareFrames.request(callee, token, PAYLOAD));
    return reply;
  }

  private void onFrame(String frame) {
    BareFrames.Delivered d = BareFrames.Delivered.parse(frame, "ret");
    CompletableFuture<String> reply = d.token() == null ? null : pending.remove(d.token());
    if (reply != null) {
      reply.complete(d.value());
    }
  }

  @Override
  public void close() {
    peer.close();
    pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed")));
  }
}
