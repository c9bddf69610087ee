package dev.monologue.transport;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls this machine is serving with a deadline (every call from a Java client), by token, from the moment the
 * request is read until its handler's answer is settled: the ones a caller can cancel, and the ones one
 * {@link DeadlineSweep} cancels when their deadline passes, with no timer per call. A queued call cancelled here is
 * then skipped; a running one sees the cancel, and its reply is withheld.
 */
final class ServedCalls {
  private static final Logger log = LoggerFactory.getLogger(ServedCalls.class);

  private final ConcurrentHashMap<String, ServedCall> byToken = new ConcurrentHashMap<>();
  private final DeadlineSweep deadlines;

  ServedCalls(ClientTimer timer) {
    this.deadlines = new DeadlineSweep(timer, this::expire, PendingExchanges.TIMEOUT_RESOLUTION);
  }

  /** {@code call} was read and is about to be queued: from now on it can be cancelled. */
  void started(ServedCall call) {
    if (call.hasDeadline) {
      byToken.put(call.token, call);
      deadlines.added(call.deadlineNanos); // false only while closing, when nothing is served any more
    }
  }

  /** The call is over here, answered or not: it can no longer be cancelled. */
  void finished(ServedCall call) {
    if (call.hasDeadline) {
      byToken.remove(call.token, call);
    }
  }

  /** A caller cancelled its call {@code cancel.token()}: only the caller itself can (the relay names the sender). */
  void onCancel(DeliveredFrames.Incoming cancel) {
    String token = cancel.token();
    ServedCall call = token == null ? null : byToken.get(token);
    if (call != null && call.id.equals(cancel.from()) && call.cancel()) {
      log.debug("{} from {} was cancelled by its caller", call.method(), call.id);
    }
  }

  /** On the timer: cancels the calls past their deadline at {@code now}; returns the earliest deadline left. */
  private OptionalLong expire(long now) {
    long earliest = 0;
    boolean any = false;
    for (ServedCall call : byToken.values()) {
      if (call.deadlineNanos - now <= 0) {
        // removed even if its handler never answers (a future never completed)
        if (byToken.remove(call.token, call)) {
          call.cancel();
        }
      } else if (!any || call.deadlineNanos - earliest < 0) {
        earliest = call.deadlineNanos;
        any = true;
      }
    }
    return any ? OptionalLong.of(earliest) : OptionalLong.empty();
  }
}
