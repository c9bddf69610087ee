package dev.monologue.transport;

import dev.monologue.CallOptions;
import dev.monologue.CallTimeoutException;
import dev.monologue.ClientMetrics;
import dev.monologue.ClientInterceptor;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MessageTooLargeException;
import dev.monologue.MonologueException;
import dev.monologue.NotConnectedException;
import dev.monologue.TooManyCallsException;
import dev.monologue.runtime.CurrentCall;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * "A call is sent" starts here ({@link #send}): checks the name and the connection, encodes the request, checks its
 * size, takes a call slot, opens the pending call (which times it out) and sends the frame on the ready connection,
 * or, while reconnecting, once the connection is back. {@link #await} is the blocking wait of typed calls.
 */
final class CallSender {
  /** Extra wait of a blocked caller beyond the call's own timer, which normally fails the call first. */
  private static final long GRACE_MILLIS = 1_000;

  private final ConnectionSupervisor supervisor;
  private final PendingCalls pending;
  private final CallSlots slots;
  private final FrameWriter frames;
  private final Tokens tokens;
  private final ClientTimer timer;
  private final Duration timeout;
  /** The deadline a plain call sends: its timeout, which starts when the call is opened, after encoding. */
  private final long timeoutMillis;
  private final int maxMessageBytes;
  private final boolean failFastWhileDisconnected;
  /** Told how each call ends; null when the options named none, and then no call pays for it. */
  private final ClientMetrics metrics;
  private final List<ClientInterceptor> interceptors;

  CallSender(ConnectionSupervisor supervisor, PendingCalls pending, CallSlots slots, FrameWriter frames,
      Tokens tokens, ClientTimer timer, Duration timeout, int maxMessageBytes, boolean failFastWhileDisconnected) {
    this(supervisor, pending, slots, frames, tokens, timer, timeout, maxMessageBytes, failFastWhileDisconnected,
        null, List.of());
  }

  CallSender(ConnectionSupervisor supervisor, PendingCalls pending, CallSlots slots, FrameWriter frames,
      Tokens tokens, ClientTimer timer, Duration timeout, int maxMessageBytes, boolean failFastWhileDisconnected,
      ClientMetrics metrics, List<ClientInterceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
    this.supervisor = supervisor;
    this.pending = pending;
    this.slots = slots;
    this.frames = frames;
    this.tokens = tokens;
    this.timer = timer;
    this.timeout = timeout;
    this.timeoutMillis = timeout.toMillis();
    this.maxMessageBytes = maxMessageBytes;
    this.failFastWhileDisconnected = failFastWhileDisconnected;
    this.metrics = metrics;
  }

  /**
   * Sends one request and returns its pending reply. {@code parameterTypes} (null: runtime classes) encode the
   * arguments; {@code resultType} decodes the result on the reader thread. The future completes directly on the
   * thread that resolves it, often the reader: hand it to user code only through a {@link CallFuture}.
   *
   * @throws IllegalArgumentException if an argument cannot be encoded as JSON
   */
  CompletableFuture<Object> send(String to, String name, Object[] args, List<Type> parameterTypes,
      Type resultType) {
    return send(to, name, args, parameterTypes, resultType, null);
  }

  /**
   * Like {@link #send(String, String, Object[], List, Type)}, with {@code options} (null: none). Every call carries
   * its deadline (a plain one its timeout) and its callee hears of its cancellation; a call with context
   * ({@link CallPlan}) also carries its metadata and its interceptors see it.
   */
  CompletableFuture<Object> send(String to, String name, Object[] args, List<Type> parameterTypes,
      Type resultType, CallOptions options) {
    if (metrics == null) {
      return start(to, name, args, parameterTypes, resultType, options);
    }
    long started = timer.nanoTime();
    CompletableFuture<Object> call = start(to, name, args, parameterTypes, resultType, options);
    call.whenComplete((value, failure) -> metrics.callEnded(name, timer.nanoTime() - started, failure));
    return call;
  }

  private CompletableFuture<Object> start(String to, String name, Object[] args, List<Type> parameterTypes,
      Type resultType, CallOptions options) {
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(args, "args == null; pass (Object) null to send one null argument");
    requireName(name);
    CallPlan plan;
    try {
      plan = CallPlan.of(options, interceptors, timeout, name, to);
    } catch (CallPlan.Ended e) {
      return CompletableFuture.failedFuture(e.getCause());
    }
    if (plan != null && plan.deadline().isExpired()) {
      return CallPlan.failed(plan, new CallTimeoutException(name, to, plan.timeout()));
    }
    Duration callTimeout = plan == null ? timeout : plan.deadline().remaining();
    RelayConnection c = supervisor.ready();
    CompletableFuture<RelayConnection> comingBack = null;
    if (c == null) {
      comingBack = supervisor.reconnecting();
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
      frame = request(to, token, name, args, parameterTypes, plan == null ? timeoutMillis : plan.remainingMillis(),
          plan);
    } catch (IOException | RuntimeException e) {
      IllegalArgumentException bad = new IllegalArgumentException("The arguments of " + name + " for " + to
          + " could not be encoded as JSON: " + JsonArguments.firstLine(e.getMessage()), e);
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
      slots.acquire(name, to, callTimeout.toNanos());
    } catch (TooManyCallsException e) {
      return CallPlan.failed(plan, e);
    }
    long left = callTimeout.toNanos() - (timer.nanoTime() - start);
    ReplyFuture call;
    try {
      call = comingBack == null ? dispatch(c, token, frame, name, to, resultType, left, true, plan)
          : afterReconnect(comingBack, token, frame,
              leftMillis -> request(to, token, name, args, parameterTypes, leftMillis, plan), name, to, resultType,
              timer.nanoTime() + left, plan, callTimeout);
    } catch (RuntimeException | Error e) {
      slots.release();
      CallPlan.failed(plan, e);
      throw e;
    }
    // Before the reply is seen: a caller woken by it may call again at once, and needs the slot.
    call.beforeCompletion(slots::release);
    return call;
  }

  /** The request frame, routed to {@code to}, telling the callee it has {@code deadlineMillis} left. */
  private String request(String to, String token, String name, Object[] args, List<Type> parameterTypes,
      long deadlineMillis, CallPlan plan) throws IOException {
    return Addresses.route(to, frames.request(to, token, name, args, parameterTypes, deadlineMillis,
        plan == null ? null : plan.metadata()));
  }

  /** The request of a call, written again with the time it has left: a call that waited sends no stale deadline. */
  @FunctionalInterface
  private interface RequestWithin {
    String frame(long deadlineMillis) throws IOException;
  }

  /** {@code onCallerThread}: the caller's own thread, which may write the frame itself (and block doing so). */
  private PendingCall dispatch(RelayConnection c, String token, String frame, String name, String to,
      Type resultType, long timeoutNanos, boolean onCallerThread, CallPlan plan) {
    PendingCall call = pending.open(token, name, to, resultType, c, timeoutNanos, plan);
    try {
      if (onCallerThread) {
        c.sendOnCallerThread(frame);
      } else {
        c.send(frame);
      }
    } catch (RuntimeException e) {
      pending.failToSend(call, new ConnectionDroppedException(name, to, "the connection closed before the"
          + " request could be sent"));
    }
    return call;
  }

  /**
   * A call made while reconnecting, waiting in the table of pending exchanges for the connection to come back (no
   * connection of its own yet, so only the client's close drops it); failed when its deadline passes first.
   */
  record AwaitingConnection(String token, long deadlineNanos, ReplyFuture result, String method, String peer,
      Duration timeout) implements PendingExchanges.Exchange {
    @Override
    public RelayLink connection() {
      return null;
    }

    @Override
    public void expire() {
      result.completeExceptionally(new NotConnectedException(method, peer, "reconnecting to the relay did not"
          + " succeed within the call's timeout of " + timeout.toMillis() + " ms"));
    }

    @Override
    public void dropped(String reason) {
      result.completeExceptionally(new NotConnectedException(method, peer, reason));
    }
  }

  /** A call made while reconnecting: sent once the connection is back, failed if that takes past its deadline. */
  private ReplyFuture afterReconnect(CompletableFuture<RelayConnection> comingBack, String token,
      String frame, RequestWithin resend, String name, String to, Type resultType, long deadline, CallPlan plan,
      Duration timeout) {
    ReplyFuture result = new ReplyFuture(plan);
    AwaitingConnection waiting = new AwaitingConnection(token, deadline, result, name, to, timeout);
    PendingExchanges exchanges = pending.exchanges();
    if (!exchanges.open(waiting)) {
      return result; // the client is closing: failed already
    }
    AtomicReference<PendingCall> sent = new AtomicReference<>();
    comingBack.whenComplete((c, error) -> {
      if (!exchanges.remove(waiting)) {
        return; // timed out, cancelled, or the client closed
      }
      if (error != null) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        String why = cause instanceof MonologueException ? cause.getMessage() : String.valueOf(cause);
        result.completeExceptionally(new NotConnectedException(name, to, why));
        return;
      }
      // on the thread that completed the reconnection, perhaps the socket's: never a write that may block
      long left = deadline - timer.nanoTime();
      String now;
      try {
        // the wait used part of the call's time: the callee is told what is left, not what was left before it
        now = resend.frame(Math.max(0, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (IOException | RuntimeException e) {
        now = frame; // encoded once already; the callee then counts from a deadline a little late
      }
      PendingCall call = dispatch(c, token, now, name, to, resultType, left, false, plan);
      sent.set(call);
      call.whenComplete((value, failure) -> {
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
      });
    });
    result.whenComplete((value, error) -> {
      exchanges.remove(waiting); // its caller cancelled it while it waited
      PendingCall call = sent.get();
      if (result.isCancelled() && call != null) {
        call.cancel(false);
      }
    });
    return result;
  }

  /** Waits for {@code reply} within the timeout and a grace period; failures come out as they are. */
  Object await(CompletableFuture<Object> reply, String method, String peer) {
    return await(reply, method, peer, timeout);
  }

  /** Waits for the reply of a call made with {@code options} (null: none), as long as the call may take. */
  Object await(CompletableFuture<Object> reply, String method, String peer, CallOptions options) {
    if (options == null && !(CurrentCall.get() instanceof ServedCall s && s.hasDeadline)) {
      return await(reply, method, peer, timeout);
    }
    return await(reply, method, peer, waitBound(options));
  }

  /**
   * How long a blocked caller of a call with {@code options} (null: none) may need to wait: the longest of the
   * client's timeout, the options' time and the deadline inherited from the call handled on this thread.
   */
  Duration waitBound(CallOptions options) {
    long nanos = timeout.toNanos();
    if (options != null && options.timeout() != null) {
      nanos = Math.max(nanos, options.timeout().toNanos());
    }
    if (options != null && options.deadline() != null) {
      nanos = Math.max(nanos, options.deadline().remainingNanos());
    }
    if (CurrentCall.get() instanceof ServedCall s && s.hasDeadline) {
      nanos = Math.max(nanos, s.deadlineNanos - timer.nanoTime());
    }
    return Duration.ofNanos(nanos);
  }

  /** Waits for {@code reply} within {@code callTimeout} and a grace period; failures come out as they are. */
  Object await(CompletableFuture<Object> reply, String method, String peer, Duration callTimeout) {
    try {
      return HandlerThread.whileBlocked(
          () -> reply.get(callTimeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("Call of " + method + " on " + peer + " failed: " + cause, cause);
    } catch (TimeoutException e) {
      reply.cancel(false);
      throw new CallTimeoutException(method, peer, callTimeout);
    } catch (InterruptedException e) {
      reply.cancel(false);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the reply of " + method + " on " + peer, e);
    }
  }

  static void requireName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
  }
}
