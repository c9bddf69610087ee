package dev.monologue.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallOptions;
import dev.monologue.CallOutcome;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces across machines through a real {@link LocalRelay}: each machine has its own OpenTelemetry SDK and exporter,
 * so the trace context can only travel in the calls' metadata. One trace, parents right, for a call, a nested call
 * made from a handler, and a {@code callAll} to two members; failures, timeouts and cancels recorded.
 */
class MonologueTelemetryTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);
  private LocalRelay relay;
  private Machine a;
  private Machine b;

  /** One machine: its SDK, its exporter, its client. */
  private record Machine(InMemorySpanExporter spans, OpenTelemetry otel, Monologue client) {
    SpanData only(SpanKind kind, String name) {
      List<SpanData> found = spans.getFinishedSpanItems().stream()
          .filter(s -> s.getKind() == kind && s.getName().equals(name)).collect(Collectors.toList());
      assertEquals(1, found.size(), kind + " spans named " + name + " in " + spans.getFinishedSpanItems());
      return found.get(0);
    }

    long count(SpanKind kind, String name) {
      return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind && s.getName().equals(name))
          .count();
    }
  }

  @BeforeEach
  void start() {
    relay = LocalRelay.builder().host("127.0.0.1").port(0).build();
    open.add(relay);
    relay.start();
    a = machine();
    b = machine();
  }

  @AfterEach
  void close() throws Exception {
    never.countDown();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Machine machine() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracing)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    open.add(otel);
    MonologueTelemetry telemetry = MonologueTelemetry.create(otel);
    Monologue client = Monologue.create(telemetry.addTo(MonologueOptions.builder())
        .endpoint(relay.endpoint()).connectTimeout(Awaits.WAIT).timeout(Duration.ofSeconds(30)).build());
    open.add(client);
    client.connect();
    return new Machine(exporter, otel, client);
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void aCallAndTheCallItsHandlerMakesAreOneTraceWithTheirParentsRight() throws Exception {
    a.client().on("Back.lookup", args -> "v-" + args.get(0, String.class));
    b.client().on("Front.hello", args -> {
      // runs with its SERVER span current: this call is its child
      String found = b.client().call(a.client().id(), "Back.lookup", String.class, "k").get(20, TimeUnit.SECONDS);
      return "hello " + found;
    });
    Span root = a.otel().getTracer("test").spanBuilder("request").startSpan();
    String result;
    try (Scope ignored = root.makeCurrent()) {
      result = Awaits.await(a.client().call(b.client().id(), "Front.hello", String.class));
    } finally {
      root.end();
    }

    assertEquals("hello v-k", result);
    Awaits.eventually("both machines ended their spans", () -> a.spans().getFinishedSpanItems().size() == 3
        && b.spans().getFinishedSpanItems().size() == 2);
    SpanData aRoot = a.only(SpanKind.INTERNAL, "request");
    SpanData aClient = a.only(SpanKind.CLIENT, "Front/hello");
    SpanData bServer = b.only(SpanKind.SERVER, "Front/hello");
    SpanData bClient = b.only(SpanKind.CLIENT, "Back/lookup");
    SpanData aServer = a.only(SpanKind.SERVER, "Back/lookup");
    String trace = aRoot.getTraceId();
    for (SpanData s : List.of(aClient, bServer, bClient, aServer)) {
      assertEquals(trace, s.getTraceId(), s.getName() + " " + s.getKind() + " is in another trace");
    }
    assertEquals(aRoot.getSpanId(), aClient.getParentSpanId());
    assertEquals(aClient.getSpanId(), bServer.getParentSpanId());
    assertTrue(bServer.getParentSpanContext().isRemote());
    assertEquals(bServer.getSpanId(), bClient.getParentSpanId(), "the nested call is a child of the handler's span");
    assertEquals(bClient.getSpanId(), aServer.getParentSpanId());

    assertEquals("monologue", attribute(aClient, "rpc.system"));
    assertEquals("Front", attribute(aClient, "rpc.service"));
    assertEquals("hello", attribute(aClient, "rpc.method"));
    assertEquals(b.client().id(), attribute(aClient, "monologue.peer.id"));
    assertEquals(b.client().id(), attribute(aClient, "server.address"));
    assertEquals("monologue", attribute(bServer, "rpc.system"));
    assertEquals("Front", attribute(bServer, "rpc.service"));
    assertEquals("hello", attribute(bServer, "rpc.method"));
    assertEquals(a.client().id(), attribute(bServer, "monologue.caller.id"));
    assertEquals("ok", attribute(aClient, "monologue.outcome"));
    assertEquals(StatusCode.UNSET, aClient.getStatus().getStatusCode());
    assertEquals(StatusCode.UNSET, bServer.getStatus().getStatusCode());
  }

  @Test
  void aCallAllIsOneClientSpanWithOneServerSpanPerMember() throws Exception {
    Machine c = machine();
    for (Machine member : List.of(b, c)) {
      member.client().on("Fleet.ping", args -> "pong");
      member.client().join("fleet");
    }
    Span root = a.otel().getTracer("test").spanBuilder("sweep").startSpan();
    List<CallOutcome<String>> outcomes;
    try (Scope ignored = root.makeCurrent()) {
      outcomes = Awaits.await(a.client().callAll("fleet", "Fleet.ping", String.class));
    } finally {
      root.end();
    }

    assertEquals(2, outcomes.size());
    Awaits.eventually("both members ended their spans", () -> b.count(SpanKind.SERVER, "Fleet/ping") == 1
        && c.count(SpanKind.SERVER, "Fleet/ping") == 1);
    SpanData client = a.only(SpanKind.CLIENT, "Fleet/ping");
    assertEquals(a.only(SpanKind.INTERNAL, "sweep").getSpanId(), client.getParentSpanId());
    assertEquals("fleet", attribute(client, "monologue.peer.group"));
    assertEquals("all", attribute(client, "monologue.fan_out"));
    assertEquals(2L, client.getAttributes().get(AttributeKey.longKey("monologue.members")));
    assertEquals(0L, client.getAttributes().get(AttributeKey.longKey("monologue.members.failed")));
    SpanData atB = b.only(SpanKind.SERVER, "Fleet/ping");
    SpanData atC = c.only(SpanKind.SERVER, "Fleet/ping");
    assertEquals(client.getSpanId(), atB.getParentSpanId());
    assertEquals(client.getSpanId(), atC.getParentSpanId());
    assertEquals(client.getTraceId(), atB.getTraceId());
    assertEquals(client.getTraceId(), atC.getTraceId());
    assertNotEquals(atB.getSpanId(), atC.getSpanId());
  }

  @Test
  void theSpanNamesThePeerAsTheCallerAddressedIt() throws Exception {
    b.client().on("Desk.ask", args -> "yes");
    b.client().claim("front-desk");
    b.client().join("desks");

    Awaits.await(a.client().call("front-desk", "Desk.ask", String.class));
    Awaits.await(a.client().callAny("desks", "Desk.ask", String.class));

    List<SpanData> calls = a.spans().getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertEquals(2, calls.size());
    assertEquals("front-desk", attribute(calls.get(0), "monologue.peer.name"));
    assertEquals("front-desk", attribute(calls.get(0), "server.address"));
    assertEquals("desks", attribute(calls.get(1), "monologue.peer.group"));
    assertEquals("one", attribute(calls.get(1), "monologue.fan_out"));
    assertEquals("Desk", attribute(calls.get(1), "rpc.service"));
  }

  @Test
  void aFailureIsAnErrorOnBothSidesWithItsType() throws Exception {
    b.client().on("Stock.take", args -> {
      throw new IllegalStateException("no stock");
    });

    Awaits.failure(a.client().call(b.client().id(), "Stock.take", String.class));

    SpanData client = a.only(SpanKind.CLIENT, "Stock/take"); // ended before the caller saw the failure
    assertEquals(StatusCode.ERROR, client.getStatus().getStatusCode());
    assertEquals("dev.monologue.RemoteFailureException", attribute(client, "error.type"));
    assertEquals("HANDLER_FAILED", attribute(client, "monologue.error.code"));
    assertEquals("remote_error", attribute(client, "monologue.outcome"));
    Awaits.eventually("the server ended its span", () -> b.count(SpanKind.SERVER, "Stock/take") == 1);
    SpanData server = b.only(SpanKind.SERVER, "Stock/take");
    assertEquals(StatusCode.ERROR, server.getStatus().getStatusCode());
    assertEquals("java.lang.IllegalStateException", attribute(server, "error.type"));
  }

  @Test
  void aTimeoutAndACancelAreRecordedOnBothSides() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    b.client().on("Slow.wait", args -> {
      started.countDown();
      return never.await(60, TimeUnit.SECONDS);
    });

    Awaits.failure(a.client().withOptions(CallOptions.builder().timeout(Duration.ofMillis(700)).build())
        .call(b.client().id(), "Slow.wait", Boolean.class));
    SpanData timedOut = a.only(SpanKind.CLIENT, "Slow/wait");
    assertEquals("timeout", attribute(timedOut, "monologue.outcome"));
    assertEquals("dev.monologue.CallTimeoutException", attribute(timedOut, "error.type"));
    assertEquals(StatusCode.ERROR, timedOut.getStatus().getStatusCode());
    Awaits.eventually("the callee ended its span at the deadline", () -> b.count(SpanKind.SERVER, "Slow/wait") == 1);
    assertEquals("timeout", attribute(b.only(SpanKind.SERVER, "Slow/wait"), "monologue.outcome"));

    CompletableFuture<Boolean> call = a.client().call(b.client().id(), "Slow.wait", Boolean.class);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    call.cancel(true);
    assertEquals(2, a.count(SpanKind.CLIENT, "Slow/wait"));
    assertTrue(a.spans().getFinishedSpanItems().stream().anyMatch(
        s -> "cancelled".equals(attribute(s, "monologue.outcome")) && s.getKind() == SpanKind.CLIENT));
    Awaits.eventually("the callee ended its span at the cancel", () -> b.count(SpanKind.SERVER, "Slow/wait") == 2);
    assertTrue(b.spans().getFinishedSpanItems().stream().anyMatch(
        s -> "cancelled".equals(attribute(s, "monologue.outcome")) && s.getKind() == SpanKind.SERVER));
  }

  @Test
  void aHandlerRunsWithItsServerSpanCurrent() throws Exception {
    List<Boolean> clean = new ArrayList<>();
    b.client().on("Ctx.check", args -> Span.current().getSpanContext().isValid());
    for (int i = 0; i < 3; i++) {
      clean.add(Awaits.await(a.client().call(b.client().id(), "Ctx.check", Boolean.class)));
    }
    assertEquals(List.of(true, true, true), clean, "the handler did not run with its server span current");
  }
}
