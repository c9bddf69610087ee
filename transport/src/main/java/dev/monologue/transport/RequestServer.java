package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallContext;
import dev.monologue.CallMetadata;
import dev.monologue.MessageTooLargeException;
import dev.monologue.ServerInterceptor;
import dev.monologue.runtime.CurrentCall;
import dev.monologue.transport.HandlerRegistry.Registration;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Limits;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests this machine receives: finds the handler registered under the name, runs it on the handler
 * executor (never the socket's thread), and answers on the connection the request came in on, with an ACK or an
 * ERR carrying one of the remote codes. Every request with a token gets exactly one answer, except a failed one from
 * an original JavaScript client, which gets none (docs/protocol.md, "Clients of the original JavaScript Monologue").
 */
final class RequestServer {
  private static final Logger log = LoggerFactory.getLogger(RequestServer.class);
  private final PeerWarnings warnings = new PeerWarnings(log);

  private final HandlerRegistry handlers;
  private final JsonCodec codec;
  private final FrameWriter frames;
  private final FairHandlerQueue queue;
  private final int maxMessageBytes;
  private final OriginalCallerFailures originalCallers;
  private final List<ServerInterceptor> interceptors;
  /** The calls being served that can be cancelled (by their caller or their deadline). */
  private final ServedCalls served;
  private final AtomicLong expiredBeforeRun = new AtomicLong();
  private final AtomicLong cancelledBeforeRun = new AtomicLong();
  private final AtomicLong repliesWithheld = new AtomicLong();

  RequestServer(HandlerRegistry handlers, JsonCodec codec, FrameWriter frames, FairHandlerQueue queue,
      int maxMessageBytes, List<ServerInterceptor> interceptors, ClientTimer timer) {
    this.handlers = handlers;
    this.codec = codec;
    this.frames = frames;
    this.queue = queue;
    this.maxMessageBytes = maxMessageBytes;
    this.interceptors = List.copyOf(interceptors);
    this.served = new ServedCalls(timer);
    this.originalCallers = new OriginalCallerFailures(timer::nanoTime);
  }

  /** How many calls were not run because their deadline passed while they were queued. */
  long expiredBeforeRun() {
    return expiredBeforeRun.get();
  }

  /** How many calls were not run because their caller cancelled them while they were queued. */
  long cancelledBeforeRun() {
    return cancelledBeforeRun.get();
  }

  /** How many replies were not sent because their call was cancelled (or its deadline passed) while it ran. */
  long repliesWithheld() {
    return repliesWithheld.get();
  }

  /** A caller cancelled its call {@code cancel.token()}. */
  void onCancel(DeliveredFrames.Incoming cancel) {
    served.onCancel(cancel);
  }

  /** A REQ arrived on {@code c}. */
  void onRequest(RelayConnection c, DeliveredFrames.Incoming request) {
    String from = request.from();
    String token = request.token();
    if (token == null) {
      warnings.warn("Ignoring a request from {} without a token: the reply could not be addressed", from);
      return;
    }
    String name = request.name();
    Map<String, String> metadata;
    try {
      metadata = metadata(request.metadata(), name, from);
    } catch (IllegalArgumentException e) {
      fail(new ServedCall(c, from, token, request.versioned(), name, -1, null), name == null ? "(no name)" : name,
          ErrorCode.BAD_ARGUMENTS, e.getMessage(), null);
      return;
    }
    ServedCall caller = new ServedCall(c, from, token, request.versioned(), name, request.deadlineMillis(),
        metadata);
    if (name == null) {
      fail(caller, "(no name)", ErrorCode.BAD_ARGUMENTS, "the request has no method name", null);
      return;
    }
    Registration registration = handlers.get(name);
    if (registration == null) {
      fail(caller, name, ErrorCode.NO_SUCH_METHOD, "nothing is registered under '" + name + "'", null);
      return;
    }
    JsonNode args = request.args();
    if (args != null && !args.isArray() && !args.isNull()) {
      fail(caller, name, ErrorCode.BAD_ARGUMENTS, "args of " + name + " must be a JSON array", null);
      return;
    }
    JsonNode argArray = args == null || args.isNull() ? null : args;
    served.started(caller);
    c.servingStarted();
    FairHandlerQueue.Refusal refusal = queue.offer(from, new FairHandlerQueue.QueuedCall() {
      @Override
      public void run() {
        runHandler(caller, registration, argArray);
      }

      @Override
      public void rejected(RuntimeException e) {
        // A full executor queue or a closing client. The caller hears of it at once instead of at its timeout.
        c.servingEnded();
        served.finished(caller);
        boolean full = e instanceof RejectedExecutionException;
        warnings.warn("The handler executor rejected a call of {} from {}: {}", name, from, e.toString());
        fail(caller, name, full ? ErrorCode.OVERLOADED : ErrorCode.HANDLER_FAILED,
            "the handler executor of this machine rejected the call to " + name + (full
            ? " (too much queued work; retry later)" : " (" + e + ")"), e.getClass().getName());
      }
    });
    if (refusal != FairHandlerQueue.Refusal.NONE) {
      c.servingEnded();
      served.finished(caller);
      String why = refusal == FairHandlerQueue.Refusal.FULL
          ? "too much queued work: MonologueOptions.maxQueuedHandlerCalls"
          : "this caller already has " + queue.maxQueuedPerPeer() + " calls queued here, its share of"
          + " MonologueOptions.maxQueuedHandlerCalls";
      warnings.warn("Refused a call of {} from {}: {}", name, from, why);
      fail(caller, name, ErrorCode.OVERLOADED, "this machine refused the call to " + name + " (" + why
          + "); retry later", RejectedExecutionException.class.getName());
    }
  }

  /** The request's metadata as sent, checked; null when none came. */
  private static Map<String, String> metadata(JsonNode sent, String name, String from) {
    if (sent == null || sent.isNull()) {
      return null;
    }
    String where = "the metadata of " + name + " from " + from;
    if (!sent.isObject()) {
      throw new IllegalArgumentException(where + " is not a JSON object");
    }
    if (sent.size() > Limits.MAX_METADATA_ENTRIES) {
      throw new IllegalArgumentException(where + " has " + sent.size() + " entries, over the limit of "
          + Limits.MAX_METADATA_ENTRIES);
    }
    Map<String, String> read = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(where + " has a value under '" + e.getKey() + "' that is not a string");
      }
      read.put(e.getKey(), e.getValue().textValue());
    }
    return CallMetadata.checked(read, where);
  }

  private void runHandler(ServedCall caller, Registration r, JsonNode args) {
    if (caller.isCancelled() || caller.expired()) {
      // The caller has given up: its deadline passed while the call was queued, or it cancelled. Not run.
      (caller.isCancelled() && !caller.expired() ? cancelledBeforeRun : expiredBeforeRun).incrementAndGet();
      warnings.warn("Did not run {} from {}: {} while it was queued", r.name(), caller.id,
          caller.expired() ? "its deadline passed" : "its caller cancelled it");
      caller.connection.servingEnded();
      served.finished(caller);
      return;
    }
    Object result;
    CallContext previous = CurrentCall.enter(caller);
    // only a call with a deadline can be cancelled: the others skip the bookkeeping
    boolean entered = !caller.hasDeadline || caller.enter(Thread.currentThread());
    try {
      if (!entered) {
        cancelledBeforeRun.incrementAndGet();
        caller.connection.servingEnded();
        served.finished(caller);
        return;
      }
      for (ServerInterceptor interceptor : interceptors) {
        caller.intercepted++; // before: an interceptor that throws hears the end of the call too
        interceptor.beforeHandler(caller);
      }
      result = r.handler().handle(new JsonArguments(codec, args, caller.id, r.name()));
    } catch (Throwable t) {
      returned(caller);
      replyFailure(caller, r, t);
      if (t instanceof VirtualMachineError e) {
        throw e;
      }
      return;
    } finally {
      if (entered && caller.hasDeadline) {
        caller.exit();
      }
      CurrentCall.restore(previous);
    }
    returned(caller);
    if (result instanceof CompletionStage<?> stage) {
      // completed on any thread, perhaps one that must not block: the reply is queued
      stage.whenComplete((value, error) -> {
        if (error != null) {
          replyFailure(caller, r, error);
        } else {
          replyValue(caller, r, value, false);
        }
      });
    } else {
      replyValue(caller, r, result, true); // on the handler's thread, which may write the reply itself
    }
  }

  /** On the handler's thread, once the handler is done with it: the interceptors that ran undo what they set. */
  private void returned(ServedCall caller) {
    if (interceptors.isEmpty()) {
      return;
    }
    for (int i = caller.intercepted - 1; i >= 0; i--) {
      try {
        interceptors.get(i).handlerReturned(caller);
      } catch (RuntimeException e) {
        log.warn("A server interceptor failed after the handler of {} for {}", caller.method(), caller.id, e);
      }
    }
  }

  /** The call is over (answered, or its answer withheld): the interceptors that ran hear how it ended. */
  private void over(ServedCall caller, Throwable failure) {
    if (interceptors.isEmpty()) {
      return;
    }
    for (int i = 0; i < caller.intercepted; i++) {
      try {
        interceptors.get(i).afterCall(caller, failure);
      } catch (RuntimeException e) {
        log.warn("A server interceptor failed at the end of {} for {}", caller.method(), caller.id, e);
      }
    }
  }

  private void replyValue(ServedCall caller, Registration r, Object value, boolean onHandlerThread) {
    Throwable failed = null;
    try {
      served.finished(caller);
      if (withheld(caller, r.name())) {
        return;
      }
      String frame;
      try {
        frame = frames.ack(caller.id, caller.token, value, r.resultType(), caller.trailers());
      } catch (IOException | RuntimeException e) {
        log.warn("The result of {} could not be encoded as JSON", r.name(), e);
        failed = e;
        fail(caller, r.name(), ErrorCode.HANDLER_FAILED, "the result of " + r.name() + " (a "
            + value.getClass().getName() + ") could not be encoded as JSON: "
            + JsonArguments.firstLine(e.getMessage()), e.getClass().getName());
        return;
      }
      MessageSize tooLarge = MessageSize.over(frame, maxMessageBytes);
      if (tooLarge != null) {
        log.warn("The result of {} for {} is {} bytes encoded, up to {} delivered, over the relay's limit of {}",
            r.name(), caller.id, tooLarge.sent(), tooLarge.delivered(), maxMessageBytes);
        failed = new MessageTooLargeException(r.name(), caller.id, tooLarge.sent(), tooLarge.delivered(),
            maxMessageBytes);
        fail(caller, r.name(), ErrorCode.HANDLER_FAILED, "the result of " + r.name() + " is " + tooLarge.sent()
            + " bytes encoded, up to " + tooLarge.delivered() + " bytes as the relay delivers it, over the relay's"
            + " limit of " + maxMessageBytes + " bytes; return at least "
            + (Math.max(tooLarge.sent(), tooLarge.delivered()) - maxMessageBytes) + " bytes less",
            MessageTooLargeException.class.getName());
        return;
      }
      if (onHandlerThread) {
        replyOnThisThread(caller.connection, frame);
      } else {
        reply(caller.connection, frame);
      }
    } finally {
      caller.connection.servingEnded();
      over(caller, failed);
    }
  }

  /** Whether the reply of a cancelled call is left unsent (its caller has given up on it). */
  private boolean withheld(ServedCall caller, String method) {
    if (!caller.isCancelled()) {
      return false;
    }
    repliesWithheld.incrementAndGet();
    log.debug("Not answering {} from {}: the call was cancelled", method, caller.id);
    return true;
  }

  private void replyFailure(ServedCall caller, Registration r, Throwable thrown) {
    served.finished(caller);
    Throwable t = DeclaredExceptions.unwrap(thrown);
    try {
      sendFailure(caller, r, t);
    } finally {
      over(caller, t);
    }
  }

  private void sendFailure(ServedCall caller, Registration r, Throwable t) {
    if (withheld(caller, r.name())) {
      caller.connection.servingEnded();
      return;
    }
    if (t instanceof BadArgumentsException) {
      log.debug("Bad arguments for {} from {}: {}", r.name(), caller.id, t.getMessage());
      fail(caller, r.name(), ErrorCode.BAD_ARGUMENTS, t.getMessage(), null);
    } else {
      log.debug("Handler of {} failed for {}", r.name(), caller.id, t);
      fail(caller, r.name(), ErrorCode.HANDLER_FAILED, t.getMessage(), t.getClass().getName());
    }
    caller.connection.servingEnded();
  }

  /**
   * A request failed here: a Java caller gets the ERR with its code; an original JavaScript client (no version
   * marker) gets nothing, since it cannot read an ERR, and the failure is logged on this side instead.
   */
  private void fail(ServedCall caller, String method, ErrorCode code, String message, String remoteType) {
    if (caller.versioned) {
      reply(caller.connection, frames.error(caller.id, caller.token, code, message, remoteType, caller.trailers()));
    } else {
      originalCallers.failed(method, caller.id, code.wire(), message);
    }
  }

  /** Answers a PING from {@code ping.from()} on {@code c}. */
  void onPing(RelayConnection c, DeliveredFrames.Incoming ping) {
    if (ping.token() != null) {
      reply(c, frames.pong(ping.from(), ping.token()));
    }
  }

  private static void replyOnThisThread(RelayConnection c, String frame) {
    try {
      c.sendOnCallerThread(frame);
    } catch (RuntimeException e) {
      log.warn("A reply was lost: the connection to the relay closed before it could be sent ({})", e.getMessage());
    }
  }

  private static void reply(RelayConnection c, String frame) {
    try {
      c.send(frame);
    } catch (RuntimeException e) {
      log.warn("A reply was lost: the connection to the relay closed before it could be sent ({})", e.getMessage());
    }
  }
}
