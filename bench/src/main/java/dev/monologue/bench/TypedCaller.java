package dev.monologue.bench;

import dev.monologue.Monologue;
import dev.monologue.runtime.GeneratedStub;
import dev.monologue.transport.MonologueClient;
import dev.monologue.binding.ServiceBindings;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A caller of {@link EchoService} through a typed stub: the generated stub, or (proxy) the dynamic proxy forced with
 * the typed layer's {@link ServiceBindings#proxyStub}, as a program compiled without the processor gets it. The
 * callee serves the matching skeleton (see {@link CalleeProcess}).
 */
final class TypedCaller implements Connection {
  private final Monologue client;
  private final EchoService stub;

  TypedCaller(URI endpoint, String callee, boolean proxy) {
    this.client = Monologue.create(Bench.options(endpoint));
    client.connect();
    if (proxy) {
      stub = ServiceBindings.proxyStub(EchoService.class, ((MonologueClient) client).invoker(callee));
    } else {
      stub = client.stub(callee, EchoService.class);
      if (!(stub instanceof GeneratedStub)) {
        throw new IllegalStateException("no generated stub for EchoService: did the processor run on bench?");
      }
    }
  }

  @Override
  public void callAndWait() {
    stub.echo(PAYLOAD); // blocks within the client's timeout, as a typed call does
  }

  @Override
  public CompletableFuture<?> callAsync() {
    return stub.echoAsync(PAYLOAD);
  }

  @Override
  public void close() {
    client.close();
  }
}
