package dev.monologue.opentelemetry;

import dev.monologue.CallOutcome;
import dev.monologue.ClientInterceptor;
import dev.monologue.wire.Names;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts a CLIENT span for each call, a child of the context current on the calling thread, and writes its trace
 * context into the call's metadata; ends it when the call ends, however it ends ({@link #afterCall}, told exactly
 * once per call).
 */
final class TracingClientInterceptor implements ClientInterceptor {
  private static final TextMapSetter<Map<String, String>> METADATA = (metadata, key, value) -> {
    if (metadata != null) {
      metadata.put(key, value);
    }
  };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  /** The span of each call in flight, by the call's object (identity: calls do not override equals). */
  private final ConcurrentHashMap<OutgoingCall, Span> spans = new ConcurrentHashMap<>();

  TracingClientInterceptor(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public void beforeSend(OutgoingCall call) {
    Context parent = Context.current();
    RpcNames names = RpcNames.of(call.method());
    SpanBuilder builder = SpanAttributes.rpc(tracer.spanBuilder(names.spanName()), names)
        .setSpanKind(SpanKind.CLIENT)
        .setParent(parent)
        .setAttribute(SpanAttributes.SERVER_ADDRESS, call.peer());
    String peer = call.peer();
    if (peer.startsWith("@")) {
      builder.setAttribute(SpanAttributes.PEER_GROUP, peer.substring(1))
          .setAttribute(SpanAttributes.FAN_OUT, call.toAllMembers() ? "all" : "one");
    } else if (Names.isName(peer)) {
      builder.setAttribute(SpanAttributes.PEER_NAME, peer);
    } else {
      builder.setAttribute(SpanAttributes.PEER_ID, peer);
    }
    Span span = builder.startSpan();
    spans.put(call, span);
    propagator.inject(parent.with(span), call.metadata(), METADATA);
  }

  @Override
  public void afterCall(OutgoingCall call, Map<String, String> trailers, Throwable failure) {
    Span span = spans.remove(call);
    if (span != null) {
      SpanAttributes.end(span, failure);
    }
  }

  /** A {@code callAll}: the members reached, those that failed (each an event with its member and error). */
  @Override
  public void afterCallAll(OutgoingCall call, List<CallOutcome<?>> outcomes) {
    Span span = spans.remove(call);
    if (span == null) {
      return;
    }
    long failed = 0;
    for (CallOutcome<?> outcome : outcomes) {
      if (!outcome.succeeded()) {
        failed++;
        span.addEvent("member failed", io.opentelemetry.api.common.Attributes.of(
            SpanAttributes.PEER_ID, outcome.member().id(),
            SpanAttributes.ERROR_TYPE, outcome.failure().getClass().getName()));
      }
    }
    span.setAttribute(SpanAttributes.MEMBERS, (long) outcomes.size());
    span.setAttribute(SpanAttributes.MEMBERS_FAILED, failed);
    SpanAttributes.end(span, null);
  }
}
