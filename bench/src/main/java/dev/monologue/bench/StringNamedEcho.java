package dev.monologue.bench;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code call(id, "echo", String.class, payload)} against {@code on("echo", ...)}: the string-named API. */
final class StringNamedEcho implements Contender {
  private final Monologue server;
  private final Monologue caller;
  private final String serverId;

  StringNamedEcho(URI endpoint) {
    this.server = Monologue.create(Bench.options(endpoint));
    this.caller = Monologue.create(Bench.options(endpoint));
    this.serverId = server.connect();
    caller.connect();
    server.on("echo", args -> args.get(0, String.class));
  }

  @Override
  public String name() {
    return "string-named";
  }

  @Override
  public void callAndWait() throws Exception {
    callAsync().get(Bench.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<?> callAsync() {
    return caller.call(serverId, "echo", String.class, PAYLOAD);
  }

  @Override
  public void close() {
    caller.close();
    server.close();
  }
}
