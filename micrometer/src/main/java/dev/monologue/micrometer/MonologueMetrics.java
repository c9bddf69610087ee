package dev.monologue.micrometer;

import dev.monologue.ClientMetrics;
import dev.monologue.ClientStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Monologue client's metrics in a Micrometer {@link MeterRegistry}. Give it to one client:
 * {@code MonologueOptions.builder().metrics(MonologueMetrics.builder(registry).tag("client", "billing").build())}.
 *
 * <ul>
 *   <li>{@value #CALLS}: a timer per {@code method} and {@code outcome} ({@code success}, {@code remote_error},
 *   {@code timeout}, {@code peer_gone}, {@code dropped}, ...; see the README);
 *   <li>{@value #IN_FLIGHT}: calls and fan-outs awaiting replies;
 *   <li>{@value #QUEUED}: incoming calls waiting for a handler thread;
 *   <li>{@value #RECONNECTS}: connections made again after a drop or in a planned renewal.
 * </ul>
 */
public final class MonologueMetrics implements ClientMetrics {
  public static final String CALLS = "monologue.client.calls";
  public static final String IN_FLIGHT = "monologue.client.calls.in.flight";
  public static final String QUEUED = "monologue.client.handler.calls.queued";
  public static final String RECONNECTS = "monologue.client.reconnects";

  private static final CallOutcomeTag[] OUTCOMES = CallOutcomeTag.values();

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter reconnects;
  /** The timers of a method, by outcome, made when first needed: no lookup by tags on each call. */
  private final ConcurrentHashMap<String, Timer[]> timers = new ConcurrentHashMap<>();
  private final AtomicReference<ClientStats> bound = new AtomicReference<>();

  private MonologueMetrics(Builder b) {
    this.registry = b.registry;
    this.tags = b.tags;
    this.reconnects = Counter.builder(RECONNECTS).description("Connections made again after a drop or a renewal")
        .tags(tags).register(registry);
  }

  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /** Registers the gauges on {@code stats}; a second client is refused, as its gauges would hide the first's. */
  @Override
  public void bind(ClientStats stats) {
    Objects.requireNonNull(stats, "stats == null");
    if (!bound.compareAndSet(null, stats)) {
      throw new IllegalStateException("These MonologueMetrics are bound to a client already; make one"
          + " MonologueMetrics per client (with a tag that tells the clients apart)");
    }
    Gauge.builder(IN_FLIGHT, stats, ClientStats::callsInFlight).description("Calls awaiting replies")
        .tags(tags).strongReference(true).register(registry);
    Gauge.builder(QUEUED, stats, ClientStats::queuedHandlerCalls)
        .description("Incoming calls waiting for a handler thread").tags(tags).strongReference(true)
        .register(registry);
  }

  @Override
  public void callEnded(String method, long durationNanos, Throwable failure) {
    CallOutcomeTag outcome = CallOutcomeTag.of(failure);
    Timer[] byOutcome = timers.computeIfAbsent(method, m -> new Timer[OUTCOMES.length]);
    Timer timer = byOutcome[outcome.ordinal()];
    if (timer == null) {
      // Micrometer returns the same timer for the same name and tags, so a race here registers it once
      timer = Timer.builder(CALLS).description("Calls made, by method and outcome")
          .tags(tags).tag("method", method).tag("outcome", outcome.value).register(registry);
      byOutcome[outcome.ordinal()] = timer;
    }
    timer.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void reconnected() {
    reconnects.increment();
  }

  /** Builds {@link MonologueMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry == null");
    }

    /** Adds a tag to every meter, such as {@code client=billing} to tell clients apart. */
    public Builder tag(String key, String value) {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(value, "value == null");
      if (key.equals("method") || key.equals("outcome")) {
        throw new IllegalArgumentException("The tag " + key + " is set on each call timer by MonologueMetrics;"
            + " choose another key");
      }
      tags = tags.and(Tag.of(key, value));
      return this;
    }

    public MonologueMetrics build() {
      return new MonologueMetrics(this);
    }
  }
}
