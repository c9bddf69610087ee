package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallContext;
import dev.monologue.CallMetadata;
import dev.monologue.CallOptions;
import dev.monologue.ClientInterceptor;
import dev.monologue.Deadline;
import dev.monologue.runtime.CurrentCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context one call carries: its deadline (sent as the time left), its metadata, and the interceptors that saw
 * it. Made only for a call that uses context ({@link #of}): with no options, no interceptors and no deadline to
 * inherit, a call has none and its request is what it always was.
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

  private CallPlan(String method, String peer, Deadline deadline, Duration timeout, Map<String, String> metadata,
      List<ClientInterceptor> interceptors) {
    this.method = method;
    this.peer = peer;
    this.deadline = deadline;
    this.timeout = timeout;
    this.metadata = metadata;
    this.interceptors = interceptors;
  }

  /**
   * The context of a call of {@code method} on {@code peer}, or null when it has none. The deadline is the
   * options' (the earlier of timeout and deadline), else the handled call's on this thread, else
   * {@code defaultTimeout} from now. Runs the interceptors, in order.
   *
   * @throws IllegalArgumentException if the metadata the interceptors left is over its bounds
   * @throws Ended when an interceptor ended the call: its cause is what the interceptor threw
   */
  static CallPlan of(CallOptions options, List<ClientInterceptor> interceptors, Duration defaultTimeout,
      String method, String peer) {
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
      deadline = Deadline.atNanoTime(inherited.deadlineNanos);
      timeout = deadline.remaining();
    } else {
      deadline = Deadline.after(defaultTimeout);
      timeout = defaultTimeout;
    }
    Map<String, String> metadata = options == null ? Map.of() : options.metadata();
    CallPlan plan;
    if (interceptors.isEmpty()) {
      plan = new CallPlan(method, peer, deadline, timeout, metadata, interceptors);
    } else {
      plan = new CallPlan(method, peer, deadline, timeout, new LinkedHashMap<>(metadata), interceptors);
      for (ClientInterceptor interceptor : interceptors) {
        try {
          interceptor.beforeSend(plan);
        } catch (RuntimeException e) {
          throw new Ended(e);
        }
      }
      CallMetadata.check(plan.metadata, "the metadata of " + method + " for " + peer
          + " (as the client interceptors left it)");
    }
    return plan;
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
