package dev.monologue.transport;

import dev.monologue.CallOptions;
import dev.monologue.MonologueOptions;
import dev.monologue.binding.ServiceBindings;
import dev.monologue.runtime.RemoteInvoker;
import dev.monologue.runtime.ServiceSkeleton;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Binds typed services for one client: stubs over the invokers that call through its {@link CallSender}, and
 * skeletons of implementations. Generated classes where they exist, unless {@link MonologueOptions#generatedClasses()}
 * is false; else the dynamic proxy and the reflective skeleton.
 */
final class TypedBindings {
  private final boolean generatedClasses;
  private final CallSender sender;
  private final Executor callbackExecutor;

  TypedBindings(boolean generatedClasses, CallSender sender, Executor callbackExecutor) {
    this.generatedClasses = generatedClasses;
    this.sender = sender;
    this.callbackExecutor = callbackExecutor;
  }

  /** A stub of {@code service} over {@code invoker}: generated, unless the options turned generated classes off. */
  <T> T stub(Class<T> service, RemoteInvoker invoker) {
    return generatedClasses ? ServiceBindings.stub(service, invoker) : ServiceBindings.proxyStub(service, invoker);
  }

  /** The invoker a stub of any service uses to call machine {@code to}. */
  RemoteInvoker invoker(String to) {
    Objects.requireNonNull(to, "to == null");
    return new PeerInvoker(sender, callbackExecutor, to);
  }

  /** The invoker a stub of any service uses to call machine {@code to} with {@code options}. */
  RemoteInvoker invoker(String to, CallOptions options) {
    return new PeerInvoker(sender, callbackExecutor, to, options);
  }

  /** The skeleton serving {@code implementation} as {@code service}. */
  <T> ServiceSkeleton skeleton(Class<T> service, T implementation) {
    return generatedClasses ? ServiceBindings.skeleton(service, implementation)
        : ServiceBindings.reflectiveSkeleton(service, implementation);
  }
}
