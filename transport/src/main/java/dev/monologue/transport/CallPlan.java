package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallContext;
import dev.monologue.CallMetadata;
import dev.monologue.CallOutcome;
import dev.monologue.CallOptions;
import dev.monologue.ClientInterceptor;
import dev.monologue.Deadline;
import dev.monologue.runtime.CurrentCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context one call carries: its deadline (sent as the time left), its metadata, and the interceptors that saw
 * it. Made only for a call that uses context ({@link #of}): with no options, no interceptors and no deadline to
 * inherit, a call has none, and its request carries its client's timeout as its deadline, written directly.
 */
final class CallPlan implements ClientInterceptor.OutgoingCall {
  private static final Logger log = LoggerFactory.getLogger(CallPlan.class);

  /** An interceptor ended the call; the call fails with the cause. */
  static final class Ended extends RuntimeException {
    Ended(RuntimeException cause) {
      super(null, cause, false, false);
    }
  }

  private final String method;
  private final String peer;
  private final Deadline deadline;
  /** The call's time as the caller set it, for its timeout message. */
  private final Duration timeout;
  private final Map<String, String> metadata;
  private final List<ClientInterceptor> interceptors;
  /** A {@code callAll}: its end goes to {@link ClientInterceptor#afterCallAll} when it collected outcomes. */
  private final boolean toAll;
  /** Set once the interceptors heard how the call ended: they hear it once. */
  private final AtomicBoolean ended = new AtomicBoolean();
  /** The reply's trailers, set before the call completes with that reply. */
  private volatile Map<String, String> trailers = Map.of();

  private CallPlan(String method, String peer, Deadline deadline, Duration timeout, Map<String, String> metadata,
      List<ClientInterceptor> interceptors, boolean toAll) {
    this.toAll = toAll;
    this.method = method;
    this.peer = peer;
    this.deadline = deadline;
    this.timeout = timeout;
    this.metadata = metadata;
    this.interceptors = interceptors;
  }

  /**
   * The context of a call of {@code method} on {@code peer}, or null when it has none. The deadline is the
   * options' (the earlier of timeout and deadline), else the earlier of the handled call's on this thread and
   * {@code defaultTimeout} from now, else {@code defaultTimeout} from now. Runs the interceptors, in order.
   *
   * @throws IllegalArgumentException if the metadata the interceptors left is over its bounds
   * @throws Ended when an interceptor ended the call: its cause is what the interceptor threw
   */
  static CallPlan of(CallOptions options, List<ClientInterceptor> interceptors, Duration defaultTimeout,
      String method, String peer) {
    return of(options, interceptors, defaultTimeout, method, peer, false);
  }

  /** Like {@link #of(CallOptions, List, Duration, String, String)}; {@code toAll}: the plan of a {@code callAll}. */
  static CallPlan of(CallOptions options, List<ClientInterceptor> interceptors, Duration defaultTimeout,
      String method, String peer, boolean toAll) {
    CallContext handled = CurrentCall.get();
    ServedCall inherited = handled instanceof ServedCall s && s.hasDeadline ? s : null;
    if (options == null && interceptors.isEmpty() && inherited == null) {
      return null;
    }
    Deadline deadline;
    Duration timeout;
    if (options != null && options.setsTime()) {
      deadline = options.timeout() != null ? Deadline.after(options.timeout()) : options.deadline();
      if (options.timeout() != null && options.deadline() != null) {
        deadline = deadline.earlier(options.deadline());
      }
      timeout = options.timeout() != null && deadline != options.deadline() ? options.timeout()
          : deadline.remaining();
    } else if (inherited != null) {
      // the handled call's deadline binds, and so does this client's own timeout: the earlier of the two
      Deadline own = Deadline.after(defaultTimeout);
      deadline = Deadline.atNanoTime(inherited.deadlineNanos).earlier(own);
      timeout = deadline == own ? defaultTimeout : deadline.remaining();
    } else {
      deadline = Deadline.after(defaultTimeout);
      timeout = defaultTimeout;
    }
    Map<String, String> metadata = options == null ? Map.of() : options.metadata();
    CallPlan plan;
    if (interceptors.isEmpty()) {
      plan = new CallPlan(method, peer, deadline, timeout, metadata, interceptors, toAll);
    } else {
      plan = new CallPlan(method, peer, deadline, timeout, new LinkedHashMap<>(metadata), interceptors, toAll);
      for (int i = 0; i < interceptors.size(); i++) {
        try {
          interceptors.get(i).beforeSend(plan);
        } catch (RuntimeException e) {
          // the call ends here: the interceptors that saw it (this one too) hear so
          plan.ended.set(true);
          plan.tell(interceptors.subList(0, i + 1), null, e);
          throw new Ended(e);
        }
      }
      try {
        CallMetadata.check(plan.metadata, "the metadata of " + method + " for " + peer
            + " (as the client interceptors left it)");
      } catch (IllegalArgumentException e) {
        plan.ended(null, e);
        throw e;
      }
    }
    return plan;
  }

  /** Whether an interceptor waits to hear how the call ends ({@link #ended}). */
  boolean observed() {
    return !interceptors.isEmpty();
  }

  /**
   * Tells the interceptors how the call ended, unless they heard already: {@code failure}, or for a success its
   * {@code value} (a {@code callAll}'s outcomes) and the reply's trailers.
   */
  void ended(Object value, Throwable failure) {
    if (interceptors.isEmpty() || !ended.compareAndSet(false, true)) {
      return;
    }
    tell(interceptors, value, failure);
  }

  @SuppressWarnings("unchecked")
  private void tell(List<ClientInterceptor> told, Object value, Throwable failure) {
    Map<String, String> read = trailers;
    for (ClientInterceptor interceptor : told) {
      try {
        if (toAll && failure == null && value instanceof List<?> outcomes) {
          interceptor.afterCallAll(this, (List<CallOutcome<?>>) outcomes);
        } else {
          interceptor.afterCall(this, read, failure);
        }
      } catch (RuntimeException e) {
        log.warn("A client interceptor failed on the end of {} for {}", method, peer, e);
      }
    }
  }

  /** A call of {@code plan} (null: none) that ends before it is sent, with {@code failure}. */
  static <T> CompletableFuture<T> failed(CallPlan plan, Throwable failure) {
    if (plan != null) {
      plan.ended(null, failure);
    }
    return CompletableFuture.failedFuture(failure);
  }

  @Override
  public boolean toAllMembers() {
    return toAll;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public Deadline deadline() {
    return deadline;
  }

  /** The call's time, for its timeout message. */
  Duration timeout() {
    return timeout;
  }

  /** What is left of the call's time, in whole milliseconds, at least 0: the request's deadline field. */
  long remainingMillis() {
    return Math.max(0, deadline.remainingNanos() / 1_000_000);
  }

  /**
   * Completes {@code call} with {@code value} or {@code failure}, after telling the interceptors the reply's
   * {@code trailers} on {@code executor} (never the reader thread, which resolves replies).
   */
  void complete(PendingCall call, Object value, Throwable failure, JsonNode trailers, Executor executor) {
    if (interceptors.isEmpty()) {
      finish(call, value, failure);
      return;
    }
    Map<String, String> read = readTrailers(trailers);
    this.trailers = read;
    try {
      executor.execute(() -> {
        for (ClientInterceptor interceptor : interceptors) {
          try {
            interceptor.afterReply(this, read, failure);
          } catch (RuntimeException e) {
            log.warn("A client interceptor failed on the reply of {} from {}", method, peer, e);
          }
        }
        finish(call, value, failure);
      });
    } catch (RejectedExecutionException e) {
      finish(call, value, failure); // a closing client: the caller still hears its reply
    }
  }

  private static void finish(PendingCall call, Object value, Throwable failure) {
    if (failure != null) {
      call.fail(failure);
    } else {
      call.succeed(value);
    }
  }

  /** The trailers of a reply as sent; an entry that is not a string is left out. */
  static Map<String, String> readTrailers(JsonNode trailers) {
    if (trailers == null || !trailers.isObject() || trailers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> read = new LinkedHashMap<>();
    trailers.fields().forEachRemaining(e -> {
      if (e.getValue().isTextual() && read.size() < dev.monologue.wire.Limits.MAX_METADATA_ENTRIES) {
        read.put(e.getKey(), e.getValue().textValue());
      }
    });
    return java.util.Collections.unmodifiableMap(read);
  }

  @Override
  public String toString() {
    return "OutgoingCall{" + method + " on " + peer + ", " + deadline + ", metadata=" + metadata.keySet() + "}";
  }
}
