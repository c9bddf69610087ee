package dev.monologue;

import dev.monologue.runtime.CurrentCall;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The call a handler is serving: its deadline, its metadata, whether its caller cancelled it, and the trailers sent
 * back with its reply. {@link #current()} gives it on the handler's thread while the handler runs; an asynchronous
 * handler keeps the object to use it later. Calls a handler makes inherit its deadline.
 */
public interface CallContext {
  /**
   * The call being handled on this thread, or {@link #none()} outside a handler (and on threads a handler started
   * itself).
   */
  static CallContext current() {
    CallContext c = CurrentCall.get();
    return c != null ? c : CurrentCall.NONE;
  }

  /** The context of no call: no deadline, no metadata, never cancelled; trailers cannot be set on it. */
  static CallContext none() {
    return CurrentCall.NONE;
  }

  /** The method's wire name; "" for {@link #none()}. */
  String method();

  /** The caller's connection ID; "" for {@link #none()}. */
  String caller();

  /** The caller's deadline, when it sent one (calls made with {@link CallOptions}, or from a handler). */
  Optional<Deadline> deadline();

  /** The time left until {@link #deadline()}, when there is one. */
  default Optional<Duration> remaining() {
    return deadline().map(Deadline::remaining);
  }

  /** The request's metadata, unmodifiable; empty when none came. */
  Map<String, String> metadata();

  /**
   * Replaces the metadata the handler will see ({@link ServerInterceptor}s run before the handler).
   *
   * @throws IllegalArgumentException if the metadata is over its bounds
   */
  void replaceMetadata(Map<String, String> metadata);

  /**
   * Whether the call is cancelled: its caller cancelled it, closed, or its deadline passed. Its reply is not sent.
   */
  boolean isCancelled();

  /**
   * Runs {@code listener} once when the call is cancelled (at once if it is already), on the thread that learns of
   * it; it must not block. A blocking handler is also interrupted.
   */
  void onCancel(Runnable listener);

  /**
   * Sends {@code key}: {@code value} back with the reply (its trailers), to a Java caller; an original JavaScript
   * caller gets none.
   *
   * @throws IllegalArgumentException if the trailers would be over the metadata bounds
   * @throws IllegalStateException on {@link #none()}
   */
  void trailer(String key, String value);
}
