package dev.monologue.transport;

import dev.monologue.CallOutcome;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MessageTooLargeException;
import dev.monologue.NotConnectedException;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.ReturnKind;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Sends {@code callAll}s: one {@code sendall} frame that the relay delivers to every member of a group, collected
 * by {@link FanOuts} into one outcome per member within one overall timeout. The string-named form names the method;
 * the typed form takes it, with its arguments and its generic result type, from the {@link MethodDescriptor} a stub
 * hands its invoker.
 */
final class GroupCalls {
  private final Supplier<RelayLink> ready;
  private final FanOuts fanOuts;
  private final Tokens tokens;
  private final FrameWriter frames;
  private final Duration timeout;
  private final int maxMessageBytes;
  private final Executor callbackExecutor;

  GroupCalls(Supplier<RelayLink> ready, FanOuts fanOuts, Tokens tokens, FrameWriter frames, Duration timeout,
      int maxMessageBytes, Executor callbackExecutor) {
    this.ready = ready;
    this.fanOuts = fanOuts;
    this.tokens = tokens;
    this.frames = frames;
    this.timeout = timeout;
    this.maxMessageBytes = maxMessageBytes;
    this.callbackExecutor = callbackExecutor;
  }

  /** Calls {@code method} of the stub's service on every member of {@code group}, as a typed stub sends it. */
  @SuppressWarnings("unchecked")
  <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, MethodDescriptor method, Object[] args) {
    CompletableFuture<List<CallOutcome<Object>>> outcomes =
        callAll(group, method.wireName(), args, method.parameterTypes(), method.resultType());
    if (method.returnKind() != ReturnKind.FUTURE && method.returnKind() != ReturnKind.STAGE) {
      return (CompletableFuture<List<CallOutcome<R>>>) (Object) outcomes;
    }
    // the stub's method returns a future of its result: so does each outcome, completed already
    return outcomes.thenApply(list -> {
      List<CallOutcome<R>> out = new ArrayList<>(list.size());
      for (CallOutcome<Object> o : list) {
        out.add(new CallOutcome<>(o.member(),
            o.succeeded() ? (R) CompletableFuture.completedFuture(o.value()) : null, o.failure()));
      }
      return out;
    });
  }

  /** Calls {@code name} on every member of {@code group}; each result decoded as {@code resultType}. */
  <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, String name, Object[] args,
      List<Type> parameterTypes, Type resultType) {
    String to = Addresses.anyOf(group);
    RelayLink c = ready.get();
    if (c == null) {
      return CompletableFuture.failedFuture(new NotConnectedException(name, to));
    }
    String token = tokens.next();
    String frame;
    try {
      frame = Addresses.toAll(frames.request(to, token, name, args, parameterTypes));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("The arguments of " + name + " for group " + group + " could not be"
          + " encoded as JSON: " + e.getMessage(), e);
    }
    MessageSize tooLarge = MessageSize.over(frame, maxMessageBytes);
    if (tooLarge != null) {
      return CompletableFuture.failedFuture(
          new MessageTooLargeException(name, to, tooLarge.sent(), tooLarge.delivered(), maxMessageBytes));
    }
    CompletableFuture<List<CallOutcome<R>>> outcomes = fanOuts.open(token, group, name, resultType, timeout);
    if (!c.trySend(frame)) {
      fanOuts.fail(token, new ConnectionDroppedException(name, to, "the connection closed before the request"
          + " could be sent"));
    }
    // completed on the reader thread or the timer: user code continues on the handler executor
    return outcomes.whenCompleteAsync((r, e) -> { }, callbackExecutor);
  }
}
