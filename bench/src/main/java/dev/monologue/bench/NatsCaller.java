package dev.monologue.bench;

import io.nats.client.Message;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One NATS caller connection: request/reply on the echo subject, the reply decoded as the others decode theirs. */
final class NatsCaller implements Connection {
  private final io.nats.client.Connection nats;
  private final byte[] request = NatsEcho.request(PAYLOAD);

  NatsCaller(String url) throws Exception {
    this.nats = NatsEcho.connect(url);
  }

  @Override
  public void callAndWait() throws Exception {
    callAsync().get(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<?> callAsync() {
    return nats.request(NatsEcho.SUBJECT, request).thenApply(NatsCaller::decode);
  }

  private static String decode(Message reply) {
    try {
      return NatsEcho.reply(reply.getData());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      nats.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
