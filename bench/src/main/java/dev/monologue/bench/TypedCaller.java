package dev.monologue.bench;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.runtime.GeneratedStub;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A caller of {@link EchoService} through a typed stub: the generated stub, or (proxy) the dynamic proxy that
 * {@link Monologue#stub} gives a program compiled without the processor ({@link UnprocessedEchoService}, same wire
 * name and frames). The callee serves the matching skeleton (see {@link CalleeProcess}).
 */
final class TypedCaller implements Connection {
  private final Monologue client;
  private final EchoService generated; // null for the proxy
  private final UnprocessedEchoService proxied; // null for the generated stub

  TypedCaller(URI endpoint, String callee, boolean proxy) {
    this(Bench.options(endpoint), callee, proxy);
  }

  /** A caller whose client runs its callbacks on {@code handlerExecutor} (shared by several callers). */
  TypedCaller(URI endpoint, String callee, Executor handlerExecutor) {
    this(MonologueOptions.builder().endpoint(endpoint).timeout(Bench.CALL_BOUND).handlerExecutor(handlerExecutor)
        .build(), callee, false);
  }

  private TypedCaller(MonologueOptions options, String callee, boolean proxy) {
    this.client = Monologue.create(options);
    client.connect();
    if (proxy) {
      generated = null;
      proxied = client.stub(callee, UnprocessedEchoService.class);
      if (proxied instanceof GeneratedStub) {
        throw new IllegalStateException(
            "a generated stub for UnprocessedEchoService: bench/pom.xml must compile it with -proc:none");
      }
    } else {
      proxied = null;
      generated = client.stub(callee, EchoService.class);
      if (!(generated instanceof GeneratedStub)) {
        throw new IllegalStateException("no generated stub for EchoService: did the processor run on bench?");
      }
    }
  }

  @Override
  public void callAndWait() {
    // blocks within the client's timeout, as a typed call does
    if (generated != null) {
      generated.echo(PAYLOAD);
    } else {
      proxied.echo(PAYLOAD);
    }
  }

  @Override
  public CompletableFuture<?> callAsync() {
    return generated != null ? generated.echoAsync(PAYLOAD) : proxied.echoAsync(PAYLOAD);
  }

  @Override
  public void close() {
    client.close();
  }
}
