package dev.monologue.bench;

import dev.monologue.Monologue;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A caller of {@code call(id, "echo", String.class, payload)} against {@code on("echo", ...)}: the string-named API. */
final class StringNamedCaller implements Connection {
  private final Monologue client;
  private final String callee;

  StringNamedCaller(URI endpoint, String callee) {
    this.client = Monologue.create(Bench.options(endpoint));
    this.callee = callee;
    client.connect();
  }

  @Override
  public void callAndWait() throws Exception {
    callAsync().get(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<?> callAsync() {
    return client.call(callee, "echo", String.class, PAYLOAD);
  }

  @Override
  public void close() {
    client.close();
  }
}
