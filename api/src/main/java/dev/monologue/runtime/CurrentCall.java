package dev.monologue.runtime;

import dev.monologue.CallContext;
import dev.monologue.Deadline;
import java.util.Map;
import java.util.Optional;

/**
 * The call a handler is serving on this thread, set by the transport around the handler; what
 * {@link CallContext#current()} reads. Part of the contract between {@code api} and the transport, not for users.
 */
public final class CurrentCall {
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  /** The context of no call. */
  public static final CallContext NONE = new CallContext() {
    @Override
    public String method() {
      return "";
    }

    @Override
    public String caller() {
      return "";
    }

    @Override
    public Optional<Deadline> deadline() {
      return Optional.empty();
    }

    @Override
    public Map<String, String> metadata() {
      return Map.of();
    }

    @Override
    public void replaceMetadata(Map<String, String> metadata) {
      throw new IllegalStateException("No call is being handled on this thread: there is no metadata to replace");
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void onCancel(Runnable listener) {}

    @Override
    public void trailer(String key, String value) {
      throw new IllegalStateException("No call is being handled on this thread: call trailer(...) from the handler,"
          + " or keep CallContext.current() from its start for later");
    }

    @Override
    public String toString() {
      return "CallContext.none()";
    }
  };

  private CurrentCall() {}

  /** The call handled on this thread, or null. */
  public static CallContext get() {
    return CURRENT.get();
  }

  /** Makes {@code call} this thread's; returns the one it replaces (null: none), for {@link #restore}. */
  public static CallContext enter(CallContext call) {
    CallContext previous = CURRENT.get();
    CURRENT.set(call);
    return previous;
  }

  /** Puts back what {@link #enter} replaced. */
  public static void restore(CallContext previous) {
    CURRENT.set(previous);
  }
}
