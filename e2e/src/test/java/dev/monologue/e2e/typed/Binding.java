package dev.monologue.e2e.typed;

import dev.monologue.Monologue;
import dev.monologue.transport.MonologueClient;
import dev.monologue.binding.ServiceBindings;

/**
 * Which code binds the interface on each side: the classes the processor generated (through the public
 * {@code stub}/{@code register}), or the dynamic proxy and reflective skeleton (forced through the client's
 * {@code invoker}/{@code registerSkeleton}), and the two mixed.
 */
enum Binding {
  GENERATED(true, true),
  FALLBACK(false, false),
  PROXY_TO_GENERATED(false, true),
  GENERATED_TO_REFLECTIVE(true, false);

  final boolean generatedStub;
  final boolean generatedSkeleton;

  Binding(boolean generatedStub, boolean generatedSkeleton) {
    this.generatedStub = generatedStub;
    this.generatedSkeleton = generatedSkeleton;
  }

  <T> T stub(Monologue caller, String to, Class<T> service) {
    return generatedStub
        ? caller.stub(to, service)
        : ServiceBindings.proxyStub(service, ((MonologueClient) caller).invoker(to));
  }

  <T> void register(Monologue callee, Class<T> service, T implementation) {
    if (generatedSkeleton) {
      callee.register(service, implementation);
    } else {
      ((MonologueClient) callee).registerSkeleton(ServiceBindings.reflectiveSkeleton(service, implementation));
    }
  }
}
