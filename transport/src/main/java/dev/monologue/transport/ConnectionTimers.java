package dev.monologue.transport;

import java.util.concurrent.ScheduledFuture;

/**
 * The timers one {@link RelayConnection} owns, besides its keep-alive's: the connect timer, which fails the attempt
 * unless the connection is ready in time, and the age timer, which has it replaced at its maximum age.
 */
final class ConnectionTimers {
  private volatile ScheduledFuture<?> connect;
  private volatile ScheduledFuture<?> age;

  /** The connect timer, started as the connection starts connecting. */
  void connectStarted(ScheduledFuture<?> timer) {
    connect = timer;
  }

  /** The age timer, started once it is identified (again after a failed replacement); stops the one before. */
  void ageStarted(ScheduledFuture<?> timer) {
    cancel(age);
    age = timer;
  }

  /** The connection is ready: it no longer needs its connect timer. */
  void stopConnect() {
    cancel(connect);
  }

  /** Stops both, when it closes or is retired. */
  void stopAll() {
    cancel(connect);
    cancel(age);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
