package dev.monologue;

/**
 * Hears what a client does, for metrics: how each call ended and how long it took, reconnects, and, through the
 * {@link ClientStats} handed to {@link #bind}, the counts the client keeps. Registered with
 * {@link MonologueOptions.Builder#metrics(ClientMetrics)}; the {@code monologue-micrometer} module binds it to
 * Micrometer. A client created without one does no work for it.
 */
public interface ClientMetrics {

  /** Called once, as a client is created with these metrics, with that client's live counts. */
  default void bind(ClientStats stats) {}

  /**
   * A call of {@code method} (by {@code call}, {@code callAny} or a stub) ended, {@code durationNanos} after it was
   * made. {@code failure} is null when it returned a value, else what it failed with: a {@link MonologueException}
   * (its type says what happened), or a {@link java.util.concurrent.CancellationException}. Runs on the thread that
   * ended the call, often the socket's reader: it must be quick and must not block.
   */
  void callEnded(String method, long durationNanos, Throwable failure);

  /** The client is connected again, after a drop or in a planned switch to a fresh connection. */
  default void reconnected() {}
}
