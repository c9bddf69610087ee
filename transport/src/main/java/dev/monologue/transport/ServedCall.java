package dev.monologue.transport;

import dev.monologue.CallContext;
import dev.monologue.CallMetadata;
import dev.monologue.Deadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request this machine serves: whom to answer and how, and the call's context as its handler sees it. Every
 * request has one (it is also the reply's address). The deadline is read from the request (every Java caller sends
 * one); metadata, cancel listeners and trailers are filled only when used.
 */
final class ServedCall implements CallContext {
  private static final Logger log = LoggerFactory.getLogger(ServedCall.class);

  final RelayConnection connection;
  final String id;
  final String token;
  /** A Java client, which can read an ERR and trailers. */
  final boolean versioned;
  private final String method;
  /** The caller's deadline on the client's clock (its connection's {@code nanoTime()}); valid if {@link #hasDeadline}. */
  final long deadlineNanos;
  final boolean hasDeadline;
  private volatile Map<String, String> metadata;
  private volatile boolean cancelled;
  /** Guarded by {@code this}: told once on cancel. */
  private List<Runnable> listeners;
  /** Guarded by {@code this}: the thread running the handler, interrupted on cancel. */
  private Thread running;
  /** Guarded by {@code this}: whether {@link #running} was interrupted by a cancel. */
  private boolean interrupted;
  /** Guarded by {@code this}: the reply's trailers, or null. */
  private Map<String, String> trailers;
  /** How many server interceptors ran {@code beforeHandler} on this call: they hear how it ends. */
  volatile int intercepted;

  ServedCall(RelayConnection connection, String id, String token, boolean versioned, String method,
      long deadlineMillis, Map<String, String> metadata) {
    this.connection = connection;
    this.id = id;
    this.token = token;
    this.versioned = versioned;
    this.method = method;
    this.hasDeadline = deadlineMillis >= 0;
    this.deadlineNanos = hasDeadline ? connection.nanoTime() + deadlineMillis * 1_000_000 : 0;
    this.metadata = metadata;
  }

  @Override
  public String method() {
    return method == null ? "" : method;
  }

  @Override
  public String caller() {
    return id;
  }

  @Override
  public Optional<Deadline> deadline() {
    return hasDeadline ? Optional.of(Deadline.atNanoTime(deadlineNanos)) : Optional.empty();
  }

  boolean expired() {
    return hasDeadline && deadlineNanos - connection.nanoTime() <= 0;
  }

  @Override
  public Map<String, String> metadata() {
    Map<String, String> m = metadata;
    return m == null ? Map.of() : m;
  }

  @Override
  public void replaceMetadata(Map<String, String> replacement) {
    metadata = CallMetadata.checked(replacement, "the metadata of " + method + " from " + id);
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void onCancel(Runnable listener) {
    synchronized (this) {
      if (!cancelled) {
        if (listeners == null) {
          listeners = new ArrayList<>(2);
        }
        listeners.add(listener);
        return;
      }
    }
    tell(listener);
  }

  /** Cancels the call: the flag, the listeners, and an interrupt of the handler's thread. Once; whether now. */
  boolean cancel() {
    List<Runnable> told;
    synchronized (this) {
      if (cancelled) {
        return false;
      }
      cancelled = true;
      told = listeners;
      listeners = null;
      if (running != null) {
        interrupted = true;
        running.interrupt();
      }
    }
    if (told != null) {
      told.forEach(ServedCall::tell);
    }
    return true;
  }

  private static void tell(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      log.warn("A cancel listener failed", e);
    }
  }

  /** The handler starts on this thread; false if the call is cancelled already (the handler is not run). */
  synchronized boolean enter(Thread thread) {
    if (cancelled) {
      return false;
    }
    running = thread;
    return true;
  }

  /** The handler returned; an interrupt a cancel left on its thread is cleared, so the pool's next task is clean. */
  void exit() {
    boolean clear;
    synchronized (this) {
      running = null;
      clear = interrupted;
      interrupted = false;
    }
    if (clear) {
      Thread.interrupted();
    }
  }

  @Override
  public void trailer(String key, String value) {
    java.util.Objects.requireNonNull(key, "key == null");
    java.util.Objects.requireNonNull(value, "value == null");
    synchronized (this) {
      Map<String, String> next = trailers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(trailers);
      next.put(key, value);
      CallMetadata.check(next, "the trailers of " + method + " for " + id);
      trailers = next;
    }
  }

  /** The trailers to send, or null: none set, or a caller that cannot read them. */
  synchronized Map<String, String> trailers() {
    return versioned ? trailers : null;
  }

  @Override
  public String toString() {
    return "CallContext{" + method + " from " + id + "}";
  }
}
