package dev.monologue.bench;

import dev.monologue.Monologue;
import dev.monologue.runtime.GeneratedStub;
import dev.monologue.transport.MonologueClient;
import dev.monologue.transport.typed.ServiceBindings;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * {@link EchoService} through a typed stub: the generated stub and skeleton, or (proxy) the dynamic proxy and the
 * reflective skeleton forced with the typed layer's {@link ServiceBindings#proxyStub} and
 * {@link ServiceBindings#reflectiveSkeleton}, as a program compiled without the processor gets them.
 */
final class TypedEcho implements Contender {
  private final boolean proxy;
  private final Monologue server;
  private final Monologue caller;
  private final EchoService stub;

  TypedEcho(URI endpoint, boolean proxy) {
    this.proxy = proxy;
    this.server = Monologue.create(Bench.options(endpoint));
    this.caller = Monologue.create(Bench.options(endpoint));
    String serverId = server.connect();
    caller.connect();
    EchoService implementation = new EchoService.Echo();
    if (proxy) {
      ((MonologueClient) server).registerSkeleton(
          ServiceBindings.reflectiveSkeleton(EchoService.class, implementation));
      stub = ServiceBindings.proxyStub(EchoService.class, ((MonologueClient) caller).invoker(serverId));
    } else {
      server.register(EchoService.class, implementation);
      stub = caller.stub(serverId, EchoService.class);
      if (!(stub instanceof GeneratedStub)) {
        throw new IllegalStateException("no generated stub for EchoService: did the processor run on bench?");
      }
    }
  }

  @Override
  public String name() {
    return proxy ? "proxy" : "typed";
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
    caller.close();
    server.close();
  }
}
