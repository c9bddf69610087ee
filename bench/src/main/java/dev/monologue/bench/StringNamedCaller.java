package dev.monologue.bench;

import dev.monologue.Monologue;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A caller of {@code call(id, "echo", String.class, payload)} against {@code on("echo", ...)}: the string-named API
 * (or of another method taking and returning the payload).
 */
final class StringNamedCaller implements Connection {
  private final Monologue client;
  private final String callee;
  private final String method;

  StringNamedCaller(URI endpoint, String callee) {
    this(endpoint, callee, "echo");
  }

  StringNamedCaller(URI endpoint, String callee, String method) {
    this.client = Monologue.create(Bench.options(endpoint));
    this.callee = callee;
    this.method = method;
    client.connect();
  }

  @Override
  public void callAndWait() throws Exception {
    callAsync().get(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<?> callAsync() {
    return client.call(callee, method, String.class, PAYLOAD);
  }

  @Override
  public void close() {
    client.close();
  }
}
