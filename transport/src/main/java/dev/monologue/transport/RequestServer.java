package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.MessageTooLargeException;
import dev.monologue.transport.HandlerRegistry.Registration;
import dev.monologue.wire.ErrorCode;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
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
  private final OriginalCallerFailures originalCallers = new OriginalCallerFailures();

  RequestServer(HandlerRegistry handlers, JsonCodec codec, FrameWriter frames, FairHandlerQueue queue,
      int maxMessageBytes) {
    this.handlers = handlers;
    this.codec = codec;
    this.frames = frames;
    this.queue = queue;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** A REQ arrived on {@code c}. */
  void onRequest(RelayConnection c, FrameReader.Incoming request) {
    String from = request.from();
    String token = request.token();
    if (token == null) {
      warnings.warn("Ignoring a request from {} without a token: the reply could not be addressed", from);
      return;
    }
    Caller caller = new Caller(c, from, token, request.versioned());
    String name = request.name();
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
    c.serving.incrementAndGet();
    FairHandlerQueue.Refusal refusal = queue.offer(from, new FairHandlerQueue.QueuedCall() {
      @Override
      public void run() {
        runHandler(caller, registration, argArray);
      }

      @Override
      public void rejected(RuntimeException e) {
        // A full executor queue or a closing client. The caller hears of it at once instead of at its timeout.
        c.serving.decrementAndGet();
        boolean full = e instanceof RejectedExecutionException;
        warnings.warn("The handler executor rejected a call of {} from {}: {}", name, from, e.toString());
        fail(caller, name, full ? ErrorCode.OVERLOADED : ErrorCode.HANDLER_FAILED,
            "the handler executor of this machine rejected the call to " + name + (full
            ? " (too much queued work; retry later)" : " (" + e + ")"), e.getClass().getName());
      }
    });
    if (refusal != FairHandlerQueue.Refusal.NONE) {
      c.serving.decrementAndGet();
      String why = refusal == FairHandlerQueue.Refusal.FULL
          ? "too much queued work: MonologueOptions.maxQueuedHandlerCalls"
          : "this caller already has " + queue.maxQueuedPerPeer() + " calls queued here, its share of"
          + " MonologueOptions.maxQueuedHandlerCalls";
      warnings.warn("Refused a call of {} from {}: {}", name, from, why);
      fail(caller, name, ErrorCode.OVERLOADED, "this machine refused the call to " + name + " (" + why
          + "); retry later", RejectedExecutionException.class.getName());
    }
  }

  /** Who a request came from and how to answer it; {@code versioned}: a Java client, which can read an ERR. */
  private record Caller(RelayConnection connection, String id, String token, boolean versioned) {}

  private void runHandler(Caller caller, Registration r, JsonNode args) {
    Object result;
    try {
      result = r.handler().handle(new JsonArguments(codec, args, caller.id(), r.name()));
    } catch (Throwable t) {
      replyFailure(caller, r, t);
      if (t instanceof VirtualMachineError e) {
        throw e;
      }
      return;
    }
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

  private void replyValue(Caller caller, Registration r, Object value, boolean onHandlerThread) {
    try {
      String frame;
      try {
        frame = frames.ack(caller.id(), caller.token(), value, r.resultType());
      } catch (IOException | RuntimeException e) {
        log.warn("The result of {} could not be encoded as JSON", r.name(), e);
        fail(caller, r.name(), ErrorCode.HANDLER_FAILED, "the result of " + r.name() + " (a "
            + value.getClass().getName() + ") could not be encoded as JSON: "
            + JsonArguments.firstLine(e.getMessage()), e.getClass().getName());
        return;
      }
      MessageSize tooLarge = MessageSize.over(frame, maxMessageBytes);
      if (tooLarge != null) {
        log.warn("The result of {} for {} is {} bytes encoded, up to {} delivered, over the relay's limit of {}",
            r.name(), caller.id(), tooLarge.sent(), tooLarge.delivered(), maxMessageBytes);
        fail(caller, r.name(), ErrorCode.HANDLER_FAILED, "the result of " + r.name() + " is " + tooLarge.sent()
            + " bytes encoded, up to " + tooLarge.delivered() + " bytes as the relay delivers it, over the relay's"
            + " limit of " + maxMessageBytes + " bytes; return at least "
            + (Math.max(tooLarge.sent(), tooLarge.delivered()) - maxMessageBytes) + " bytes less",
            MessageTooLargeException.class.getName());
        return;
      }
      if (onHandlerThread) {
        replyOnThisThread(caller.connection(), frame);
      } else {
        reply(caller.connection(), frame);
      }
    } finally {
      caller.connection().serving.decrementAndGet();
    }
  }

  private void replyFailure(Caller caller, Registration r, Throwable thrown) {
    Throwable t = DeclaredExceptions.unwrap(thrown);
    if (t instanceof BadArgumentsException) {
      log.debug("Bad arguments for {} from {}: {}", r.name(), caller.id(), t.getMessage());
      fail(caller, r.name(), ErrorCode.BAD_ARGUMENTS, t.getMessage(), null);
    } else {
      log.debug("Handler of {} failed for {}", r.name(), caller.id(), t);
      fail(caller, r.name(), ErrorCode.HANDLER_FAILED, t.getMessage(), t.getClass().getName());
    }
    caller.connection().serving.decrementAndGet();
  }

  /**
   * A request failed here: a Java caller gets the ERR with its code; an original JavaScript client (no version
   * marker) gets nothing, since it cannot read an ERR, and the failure is logged on this side instead.
   */
  private void fail(Caller caller, String method, ErrorCode code, String message, String remoteType) {
    if (caller.versioned()) {
      reply(caller.connection(), frames.error(caller.id(), caller.token(), code, message, remoteType));
    } else {
      originalCallers.failed(method, caller.id(), code.wire(), message);
    }
  }

  /** Answers a PING from {@code ping.from()} on {@code c}. */
  void onPing(RelayConnection c, FrameReader.Incoming ping) {
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
