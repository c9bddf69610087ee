package dev.monologue.transport;

import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.CallTimeoutException;
import dev.monologue.ClientInterceptor;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MessageTooLargeException;
import dev.monologue.MonologueException;
import dev.monologue.NotConnectedException;
import dev.monologue.TooManyCallsException;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.ReturnKind;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Sends {@code callAll}s: one {@code sendall} frame that the relay delivers to every member of a group, collected
 * by {@link FanOuts} into one outcome per member within one overall timeout. The string-named form names the method;
 * the typed form takes it, with its arguments and its generic result type, from the {@link MethodDescriptor} a stub
 * hands its invoker.
 *
 * <p>A fan-out is a call as {@code call} is: it takes ONE slot of {@code MonologueOptions.maxCallsInFlight} (whatever
 * the group's size: the client keeps one entry and sends one frame for it), released on every outcome (all members
 * answered, timeout, refusal, close, cancel); cancelling the future it returns ends the wait and frees the slot.
 */
final class GroupCalls {
  private final Supplier<RelayLink> ready;
  private final FanOuts fanOuts;
  /** The client's clock, which the fan-outs' deadlines are on. */
  private final ClientTimer timer;
  private final Tokens tokens;
  private final FrameWriter frames;
  private final Duration timeout;
  private final int maxMessageBytes;
  private final Executor callbackExecutor;
  private final CallSlots slots;

  private final Supplier<CompletableFuture<? extends RelayLink>> reconnecting;
  private final boolean failFastWhileDisconnected;
  private final List<ClientInterceptor> interceptors;

  /**
   * {@code ready}: the connection ready now, or null; {@code reconnecting}: completes with the connection that
   * replaces a dropped one, null when not reconnecting.
   */
  GroupCalls(Supplier<RelayLink> ready, Supplier<CompletableFuture<? extends RelayLink>> reconnecting,
      boolean failFastWhileDisconnected, FanOuts fanOuts, ClientTimer timer, CallSlots slots, Tokens tokens,
      FrameWriter frames, Duration timeout, int maxMessageBytes, Executor callbackExecutor,
      List<ClientInterceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
    this.timer = timer;
    this.ready = ready;
    this.reconnecting = reconnecting;
    this.failFastWhileDisconnected = failFastWhileDisconnected;
    this.slots = slots;
    this.fanOuts = fanOuts;
    this.tokens = tokens;
    this.frames = frames;
    this.timeout = timeout;
    this.maxMessageBytes = maxMessageBytes;
    this.callbackExecutor = callbackExecutor;
  }

  /** Calls {@code method} of the stub's service on every member of {@code group}, as a typed stub sends it. */
  <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, MethodDescriptor method, Object[] args) {
    return callAll(group, method, args, null);
  }

  /** Like {@link #callAll(String, MethodDescriptor, Object[])}, with {@code options} (null: none). */
  @SuppressWarnings("unchecked")
  <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, MethodDescriptor method, Object[] args,
      CallOptions options) {
    CompletableFuture<List<CallOutcome<Object>>> outcomes =
        send(group, method.wireName(), args, method.parameterTypes(), method.resultType(), options);
    if (method.returnKind() != ReturnKind.FUTURE && method.returnKind() != ReturnKind.STAGE) {
      return CallFuture.of(outcomes, callbackExecutor, error -> error);
    }
    // the stub's method returns a future of its result: so does each outcome, completed already
    CompletableFuture<List<CallOutcome<R>>> converted = outcomes.thenApply(list -> {
      List<CallOutcome<R>> out = new ArrayList<>(list.size());
      for (CallOutcome<Object> o : list) {
        out.add(new CallOutcome<>(o.member(),
            o.succeeded() ? (R) CompletableFuture.completedFuture(o.value()) : null, o.failure(), o.trailers()));
      }
      return out;
    });
    converted.whenComplete((r, e) -> {
      if (converted.isCancelled()) {
        outcomes.cancel(false);
      }
    });
    return CallFuture.of(converted, callbackExecutor, error -> error);
  }

  /** Calls {@code name} on every member of {@code group}; each result decoded as {@code resultType}. */
  <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, String name, Object[] args,
      List<Type> parameterTypes, Type resultType) {
    return callAll(group, name, args, parameterTypes, resultType, null);
  }

  /** Like {@link #callAll(String, String, Object[], List, Type)}, with {@code options} (null: none). */
  <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, String name, Object[] args,
      List<Type> parameterTypes, Type resultType, CallOptions options) {
    return CallFuture.of(send(group, name, args, parameterTypes, resultType, options), callbackExecutor,
        error -> error);
  }

  /**
   * Sends the fan-out and returns its outcomes, completed on the thread that settles them (often the reader): hand
   * it to user code only through a {@link CallFuture}. Cancelling it ends the fan-out and frees its call slot.
   */
  private <R> CompletableFuture<List<CallOutcome<R>>> send(String group, String name, Object[] args,
      List<Type> parameterTypes, Type resultType, CallOptions options) {
    String to = Addresses.anyOf(group);
    CallPlan plan;
    try {
      plan = CallPlan.of(options, interceptors, timeout, name, to, true);
    } catch (CallPlan.Ended e) {
      return CompletableFuture.failedFuture(e.getCause());
    }
    if (plan != null && plan.deadline().isExpired()) {
      return CallPlan.failed(plan, new CallTimeoutException(name, to, plan.timeout()));
    }
    Duration timeout = plan == null ? this.timeout : plan.deadline().remaining();
    RelayLink c = ready.get();
    CompletableFuture<? extends RelayLink> comingBack = null;
    if (c == null) {
      comingBack = reconnecting.get();
      if (comingBack == null) {
        return CallPlan.failed(plan, new NotConnectedException(name, to));
      }
      if (failFastWhileDisconnected) {
        return CallPlan.failed(plan, new NotConnectedException(name, to, "reconnecting to the relay;"
            + " MonologueOptions.failFastWhileDisconnected is set, so calls do not wait for the connection"));
      }
    }
    String token = tokens.next();
    String frame;
    try {
      frame = Addresses.toAll(plan == null ? frames.request(to, token, name, args, parameterTypes, timeout.toMillis())
          : frames.request(to, token, name, args, parameterTypes, plan.remainingMillis(), plan.metadata()));
    } catch (IOException | RuntimeException e) {
      IllegalArgumentException bad = new IllegalArgumentException("The arguments of " + name + " for group "
          + group + " could not be encoded as JSON: " + e.getMessage(), e);
      CallPlan.failed(plan, bad);
      throw bad;
    }
    MessageSize tooLarge = MessageSize.over(frame, maxMessageBytes);
    if (tooLarge != null) {
      return CallPlan.failed(plan,
          new MessageTooLargeException(name, to, tooLarge.sent(), tooLarge.delivered(), maxMessageBytes));
    }
    long start = timer.nanoTime();
    try {
      slots.acquire(name, to, timeout.toNanos()); // one slot for the whole fan-out, however many members it reaches
    } catch (TooManyCallsException e) {
      return CallPlan.failed(plan, e);
    }
    long left = timeout.toNanos() - (timer.nanoTime() - start);
    CompletableFuture<List<CallOutcome<R>>> outcomes;
    try {
      outcomes = fanOuts.open(token, group, name, resultType, timeout, left, c);
    } catch (RuntimeException | Error e) {
      slots.release();
      CallPlan.failed(plan, e);
      throw e;
    }
    // The slot is free before anyone sees the outcome (a caller woken by it may callAll again at once), whatever
    // it is: all answered, timed out, relay refused, closed; cancelling the result cancels the fan-out. Its
    // interceptors hear the outcome first (ReplyFuture).
    ReplyFuture replied = new ReplyFuture(plan);
    @SuppressWarnings("unchecked")
    CompletableFuture<List<CallOutcome<R>>> result = (CompletableFuture<List<CallOutcome<R>>>) (Object) replied;
    outcomes.whenComplete((r, e) -> {
      slots.release();
      if (e != null) {
        result.completeExceptionally(e);
      } else {
        result.complete(r);
      }
    });
    AtomicReference<RelayLink> sentOn = new AtomicReference<>();
    // as a call does: its callees hear of its cancel (each drops it unless it serves the call)
    Runnable tellCallees = () -> {
      RelayLink link = sentOn.get();
      if (link != null) {
        link.trySend(Addresses.toAll(frames.cancel(to, token)));
      }
    };
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        outcomes.cancel(false);
        tellCallees.run();
      }
    });
    if (comingBack == null) {
      sent(sentOn, c, token, tellCallees);
      sendOn(c, token, frame, name, to);
    } else {
      // sent once the connection is back; the fan-out's own timer bounds the wait, as a call's does
      comingBack.whenComplete((back, error) -> {
        if (outcomes.isDone()) {
          return;
        }
        if (error != null) {
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          String why = cause instanceof MonologueException ? cause.getMessage() : String.valueOf(cause);
          fanOuts.fail(token, new NotConnectedException(name, to, why));
          return;
        }
        fanOuts.sentOn(token, back);
        sent(sentOn, back, token, tellCallees);
        sendOn(back, token, frame, name, to);
      });
    }
    return result;
  }

  /** The fan-out {@code token} goes out on {@code link}: its callees hear if this client closes. */
  private void sent(AtomicReference<RelayLink> sentOn, RelayLink link, String token, Runnable tellCallees) {
    sentOn.set(link);
    fanOuts.onClosing(token, tellCallees);
  }

  private void sendOn(RelayLink c, String token, String frame, String name, String to) {
    if (!c.trySend(frame)) {
      fanOuts.fail(token, new ConnectionDroppedException(name, to, "the connection closed before the request"
          + " could be sent"));
    }
  }
}
