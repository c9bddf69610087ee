package dev.monologue.opentelemetry;

import dev.monologue.ClientInterceptor;
import dev.monologue.MonologueOptions;
import dev.monologue.ServerInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;

/**
 * Traces Monologue calls with OpenTelemetry: a CLIENT span for each call a client makes and a SERVER span for each
 * call it serves, named {@code <service>/<method>} with the RPC semantic conventions' attributes
 * ({@code rpc.system} = {@code monologue}), and W3C trace context carried in each call's metadata, so that the
 * callee's span is a child of the caller's. A handler runs with its SERVER span current: the calls it makes are its
 * children.
 *
 * <pre>{@code
 * MonologueTelemetry telemetry = MonologueTelemetry.create(openTelemetry);
 * Monologue monologue = Monologue.create(telemetry.addTo(MonologueOptions.builder().endpoint(uri)).build());
 * }</pre>
 *
 * <p>Both interceptors keep, per call in flight, only its span; the propagator is the given instance's.
 */
public final class MonologueTelemetry {
  /** The instrumentation scope of the spans. */
  public static final String INSTRUMENTATION_NAME = "dev.monologue.opentelemetry";

  private final TracingClientInterceptor client;
  private final TracingServerInterceptor server;

  private MonologueTelemetry(Builder b) {
    Tracer tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
    TextMapPropagator propagator = b.openTelemetry.getPropagators().getTextMapPropagator();
    this.client = new TracingClientInterceptor(tracer, propagator);
    this.server = new TracingServerInterceptor(tracer, propagator);
  }

  /** Telemetry with the defaults, from {@code openTelemetry}'s tracer provider and propagators. */
  public static MonologueTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** A builder of telemetry from {@code openTelemetry}'s tracer provider and propagators. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /** The interceptor that starts a CLIENT span per call and puts its trace context in the call's metadata. */
  public ClientInterceptor clientInterceptor() {
    return client;
  }

  /** The interceptor that starts a SERVER span per served call, a child of the caller's trace context. */
  public ServerInterceptor serverInterceptor() {
    return server;
  }

  /** Adds both interceptors to {@code options}; returns them, to chain. */
  public MonologueOptions.Builder addTo(MonologueOptions.Builder options) {
    Objects.requireNonNull(options, "options == null");
    return options.clientInterceptor(client).serverInterceptor(server);
  }

  /** Builds {@link MonologueTelemetry}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry == null");
    }

    /** The telemetry. */
    public MonologueTelemetry build() {
      return new MonologueTelemetry(this);
    }
  }
}
