package dev.monologue.opentelemetry;

import dev.monologue.CallTimeoutException;
import dev.monologue.RemoteFailureException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.CancellationException;

/**
 * The attributes of Monologue's spans: the RPC semantic conventions' ({@code rpc.system}, {@code rpc.service},
 * {@code rpc.method}, {@code server.address}, {@code error.type}), and Monologue's own under {@code monologue.}.
 */
final class SpanAttributes {
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  /** Whom the call went to, as the caller addressed it: a connection ID, a name, or {@code @group}. */
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  static final AttributeKey<String> PEER_ID = AttributeKey.stringKey("monologue.peer.id");
  static final AttributeKey<String> PEER_NAME = AttributeKey.stringKey("monologue.peer.name");
  static final AttributeKey<String> PEER_GROUP = AttributeKey.stringKey("monologue.peer.group");
  /** {@code one} for a call to a peer or {@code callAny}, {@code all} for a {@code callAll}. */
  static final AttributeKey<String> FAN_OUT = AttributeKey.stringKey("monologue.fan_out");
  /** The caller's connection ID, on a SERVER span. */
  static final AttributeKey<String> CALLER_ID = AttributeKey.stringKey("monologue.caller.id");
  /** How the call ended: {@code ok}, {@code remote_error}, {@code timeout}, {@code cancelled}, {@code error}. */
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("monologue.outcome");
  /** The remote code of a {@link RemoteFailureException} ({@code HANDLER_FAILED}, ...). */
  static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("monologue.error.code");
  /** A {@code callAll}: how many members it reached, and how many of them failed. */
  static final AttributeKey<Long> MEMBERS = AttributeKey.longKey("monologue.members");
  static final AttributeKey<Long> MEMBERS_FAILED = AttributeKey.longKey("monologue.members.failed");

  static final String SYSTEM = "monologue";

  private SpanAttributes() {}

  /** The attributes every span of a call of {@code names} has. */
  static SpanBuilder rpc(SpanBuilder span, RpcNames names) {
    span.setAttribute(RPC_SYSTEM, SYSTEM).setAttribute(RPC_METHOD, names.method());
    if (names.service() != null) {
      span.setAttribute(RPC_SERVICE, names.service());
    }
    return span;
  }

  /** Ends {@code span} as the call ended: {@code failure} null for a success. */
  static void end(Span span, Throwable failure) {
    end(span, failure, failure == null ? "ok" : outcome(failure));
  }

  /** Ends {@code span} with {@code outcome}; {@code failure} null for a success. */
  static void end(Span span, Throwable failure, String outcome) {
    span.setAttribute(OUTCOME, outcome);
    if (failure != null) {
      span.setAttribute(ERROR_TYPE, failure.getClass().getName());
      if (failure instanceof RemoteFailureException remote) {
        span.setAttribute(ERROR_CODE, remote.code());
      }
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    }
    span.end();
  }

  static String outcome(Throwable failure) {
    if (failure instanceof CancellationException) {
      return "cancelled";
    }
    if (failure instanceof CallTimeoutException) {
      return "timeout";
    }
    return failure instanceof RemoteFailureException ? "remote_error" : "error";
  }
}
