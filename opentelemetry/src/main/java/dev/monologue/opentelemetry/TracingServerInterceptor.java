package dev.monologue.opentelemetry;

import dev.monologue.CallContext;
import dev.monologue.ServerInterceptor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts a SERVER span for each served call, a child of the trace context in the call's metadata (a root span when
 * none came), and makes it current on the handler's thread while the handler runs; ends it when the call is over.
 */
final class TracingServerInterceptor implements ServerInterceptor {
  private static final TextMapGetter<CallContext> METADATA = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(CallContext call) {
      return call.metadata().keySet();
    }

    @Override
    public String get(CallContext call, String key) {
      return call == null ? null : call.metadata().get(key);
    }
  };

  /** A served call's span, and the scope that makes it current on the handler's thread until the handler returns. */
  private record Served(Span span, Scope scope) {}

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final ConcurrentHashMap<CallContext, Served> served = new ConcurrentHashMap<>();

  TracingServerInterceptor(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public void beforeHandler(CallContext call) {
    Context parent = propagator.extract(Context.root(), call, METADATA);
    RpcNames names = RpcNames.of(call.method());
    Span span = SpanAttributes.rpc(tracer.spanBuilder(names.spanName()), names)
        .setSpanKind(SpanKind.SERVER)
        .setParent(parent)
        .setAttribute(SpanAttributes.CALLER_ID, call.caller())
        .startSpan();
    served.put(call, new Served(span, parent.with(span).makeCurrent()));
  }

  @Override
  public void handlerReturned(CallContext call) {
    Served s = served.get(call);
    if (s != null) {
      s.scope().close();
    }
  }

  @Override
  public void afterCall(CallContext call, Throwable failure) {
    Served s = served.remove(call);
    if (s == null) {
      return;
    }
    if (call.isCancelled()) {
      // its caller cancelled it, or its deadline passed: whatever the handler did after, no reply was sent
      boolean late = call.remaining().map(left -> left.isNegative() || left.isZero()).orElse(false);
      SpanAttributes.end(s.span(), failure != null ? failure : new CancellationException("cancelled"),
          late ? "timeout" : "cancelled");
    } else {
      SpanAttributes.end(s.span(), failure);
    }
  }
}
