package dev.monologue.bench;

import dev.monologue.Monologue;
import dev.monologue.runtime.GeneratedStub;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

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
    this.client = Monologue.create(Bench.options(endpoint));
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
