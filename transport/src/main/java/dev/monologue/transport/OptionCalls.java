package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.Calls;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The calls of one client made with one set of options: what {@link MonologueClient#withOptions} returns, and, with
 * none, what the client's own {@code call}, {@code stub}, {@code callAny}, {@code stubAny} and {@code callAll} do.
 */
final class OptionCalls implements Calls {
  private final CallSender sender;
  private final Executor callbackExecutor;
  private final GroupCalls groupCalls;
  private final TypedBindings bindings;
  /** The options of every call, or null for none. */
  private final CallOptions options;

  OptionCalls(CallSender sender, Executor callbackExecutor, GroupCalls groupCalls, TypedBindings bindings,
      CallOptions options) {
    this.sender = sender;
    this.callbackExecutor = callbackExecutor;
    this.groupCalls = groupCalls;
    this.bindings = bindings;
    this.options = options;
  }

  @Override
  public CompletableFuture<JsonNode> call(String to, String name, Object... args) {
    Objects.requireNonNull(to, "to == null");
    return send(Addresses.peer(to, name), name, JsonNode.class, args);
  }

  @Override
  public <R> CompletableFuture<R> call(String to, String name, Class<R> returnType, Object... args) {
    Objects.requireNonNull(to, "to == null");
    return send(Addresses.peer(to, name), name, returnType, args);
  }

  /** Sends to {@code to} (a peer, or a group's {@link Addresses#anyOf}); the reply is decoded on the reader thread. */
  private <R> CompletableFuture<R> send(String to, String name, Class<R> returnType, Object[] args) {
    Objects.requireNonNull(returnType, "returnType == null");
    return CallFuture.of(sender.send(to, name, args, null, returnType, options), callbackExecutor, error -> error);
  }

  @Override
  public <T> T stub(String to, Class<T> service) {
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(service, "service == null");
    return bindings.stub(service, bindings.invoker(Addresses.peer(to, service.getSimpleName()), options));
  }

  @Override
  public <R> CompletableFuture<R> callAny(String group, String name, Class<R> returnType, Object... args) {
    Objects.requireNonNull(group, "group == null");
    return send(Addresses.anyOf(group), name, returnType, args);
  }

  @Override
  public <T> T stubAny(String group, Class<T> service) {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(service, "service == null");
    return bindings.stub(service, bindings.invoker(Addresses.anyOf(group), options));
  }

  @Override
  public <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, String name, Class<R> returnType,
      Object... args) {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(returnType, "returnType == null");
    return groupCalls.callAll(group, name, args, null, returnType, options);
  }

  @Override
  public <S, R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, Class<S> service,
      Function<? super S, ? extends R> call) {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(call, "call == null");
    CallRecorder recorder = new CallRecorder();
    call.apply(bindings.stub(service, recorder));
    return groupCalls.callAll(group, recorder.method(service), recorder.args(), options);
  }

  @Override
  public String toString() {
    return "Calls{" + options + "}";
  }
}
