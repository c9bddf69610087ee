package dev.monologue.standin;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.monologue.relay.RelayBackend;
import dev.monologue.relay.RelayConnections;
import dev.monologue.relay.aws.WebSocketHandler;
import dev.monologue.wire.Action;
import dev.monologue.wire.GatewayErrors;
import dev.monologue.wire.Handshake;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays API Gateway between the local relay's sockets and the real {@link WebSocketHandler}: each connect, frame
 * and disconnect becomes the documented WebSocket event (route chosen by {@code $request.body.action}), is read by
 * the Lambda runtime's serializer and handed to the handler, which answers through the {@code @connections}
 * stand-in over HTTP. Invocations run on a pool, never on a socket thread. As on API Gateway, a connection's
 * messages are invoked once its {@code $connect} has answered, concurrently and in no promised order (each is an
 * independent invocation); {@code $disconnect} comes after the connection's other invocations, with the close code
 * and reason, unless {@link DisconnectDelivery} says it comes early or is lost. A {@code $connect}
 * answered with anything but 200 closes the connection. An invocation that throws or runs past the function's
 * timeout costs the client API Gateway's own {@code {"message": "Internal server error", ...}} frame. The routes template.yaml gives a MOCK integration
 * ({@link #MOCKED_ROUTES}) are answered 200 without invoking the handler, as API Gateway's mock does. A message over
 * the stage throttle is not invoked: its sender gets {@link GatewayErrors#TOO_MANY_REQUESTS} at once. An invocation
 * that would go past the function's reserved concurrency is throttled by Lambda and costs the sender the
 * "Internal server error" frame.
 */
final class ApiGatewayStandIn implements RelayBackend {
  private static final Logger log = LoggerFactory.getLogger(ApiGatewayStandIn.class);
  /**
   * The routes template.yaml answers with a MOCK integration, not the function: {@code $connect} (one-way) and
   * {@code keepalive} (two-way: the template's response goes back). Integrated from the template itself
   * ({@link TemplateMockRoutes}); TemplateExpansionTest checks this list against the expanded template.
   */
  static final Set<String> MOCKED_ROUTES = Set.of("$connect", Action.KEEPALIVE.wire());

  private final RelayConnections connections;
  private final RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> handler;
  private final LambdaEvents events;
  private final Executor lambdas;
  private final Map<String, StandInConnection> byGatewayId;
  private final Map<String, StandInConnection> byLocalId = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, AtomicLong> invocations = new ConcurrentHashMap<>();
  private final FunctionRuntime runtime;
  private final BillingMeter meter;
  private final StageThrottle stageThrottle;
  private final ReservedConcurrency reserved;
  private final TemplateMockRoutes mocks;
  private final DisconnectDelivery disconnects;
  private final List<String> disconnectEvents = new CopyOnWriteArrayList<>();

  ApiGatewayStandIn(RelayConnections connections,
      RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> handler, LambdaEvents events,
      Executor lambdas, Map<String, StandInConnection> byGatewayId, FunctionRuntime runtime, BillingMeter meter,
      StageThrottle stageThrottle, ReservedConcurrency reserved, TemplateMockRoutes mocks,
      DisconnectDelivery disconnects) {
    this.meter = meter;
    this.mocks = mocks;
    this.stageThrottle = stageThrottle;
    this.reserved = reserved;
    this.disconnects = disconnects;
    this.connections = connections;
    this.handler = handler;
    this.events = events;
    this.lambdas = lambdas;
    this.byGatewayId = byGatewayId;
    this.runtime = runtime;
  }

  @Override
  public void onConnect(String id, Map<String, String> headers) {
    StandInConnection c = new StandInConnection(id, newGatewayId(), Instant.now(), "127.0.0.1",
        headers.get("user-agent"), headers.get(Handshake.API_KEY_HEADER));
    byLocalId.put(id, c);
    byGatewayId.put(c.gatewayId(), c);
    String json = events.connect(c, headers);
    c.connecting(run(c, CompletableFuture.completedFuture(null), () -> {
      int status = integrate(c, "$connect", json);
      if (status == 200) {
        c.established(true);
      } else {
        log.info("$connect of {} answered {}: closing it, as API Gateway refuses the handshake", c.gatewayId(),
            status);
        connections.close(id);
      }
    }));
  }

  @Override
  public void onText(String id, String frame) {
    StandInConnection c = byLocalId.get(id);
    if (c == null) {
      return;
    }
    c.touch();
    if (!stageThrottle.admit(System.nanoTime())) {
      // answered at once, in order, on the socket's thread: the message never reaches the integration
      connections.send(id, GatewayErrors.frame(GatewayErrors.TOO_MANY_REQUESTS, c.gatewayId(), newRequestId()));
      return;
    }
    meter.inbound(frame); // a message to a mocked route is billed too; a throttled one is not
    String routeKey = events.routeKey(frame);
    String json = events.message(c, routeKey, frame, false);
    c.track(run(c, c.connected(), () -> invokeIfEstablished(c, routeKey, json)));
  }

  @Override
  public void onDisconnect(String id) {
    onDisconnect(id, 1005, ""); // 1005: no status code given
  }

  @Override
  public void onDisconnect(String id, int code, String reason) {
    StandInConnection c = byLocalId.remove(id);
    if (c == null) {
      return;
    }
    meter.connectionClosed(Duration.between(c.connectedAt(), Instant.now()));
    switch (disconnects) {
      case LOST -> {
        c.established(false);
        byGatewayId.remove(c.gatewayId(), c);
        log.info("Connection {} closed ({}); its $disconnect is lost, as API Gateway's may be", c.gatewayId(), code);
      }
      case EARLY -> {
        String json = events.disconnect(c, code, reason);
        CompletableFuture<Void> invoked = new CompletableFuture<>();
        c.disconnectedEarly(invoked); // before established(false): a message that sees it closed waits for this
        c.established(false);
        run(c, c.connected(), () -> {
          integrate(c, "$disconnect", json);
          byGatewayId.remove(c.gatewayId(), c);
        }).whenComplete((ignored, e) -> invoked.complete(null));
        recordDisconnect(json);
      }
      case AFTER_MESSAGES -> {
        c.established(false);
        String json = events.disconnect(c, code, reason);
        run(c, c.afterAll(), () -> {
          integrate(c, "$disconnect", json);
          byGatewayId.remove(c.gatewayId(), c);
        });
        recordDisconnect(json);
      }
      default -> throw new AssertionError(disconnects);
    }
  }

  /** The {@code $disconnect} events sent (or being sent) so far, as JSON, in order. */
  List<String> disconnectEvents() {
    return List.copyOf(disconnectEvents);
  }

  private void recordDisconnect(String json) {
    disconnectEvents.add(json);
  }

  /** How many times the handler was invoked for {@code routeKey} so far. */
  long invocations(String routeKey) {
    AtomicLong n = invocations.get(routeKey);
    return n == null ? 0 : n.get();
  }

  /** Runs {@code invocation} on the pool once {@code after} completed; the result never completes exceptionally. */
  private CompletableFuture<Void> run(StandInConnection c, CompletableFuture<Void> after, Runnable invocation) {
    return after.thenRunAsync(invocation, lambdas).exceptionally(e -> {
      if (e.getCause() instanceof RejectedExecutionException) {
        log.info("Not invoking the handler for connection {}: the stand-in is closing", c.gatewayId());
      } else {
        log.error("Stand-in invocation for connection {} failed", c.gatewayId(), e);
      }
      return null;
    });
  }

  private void invokeIfEstablished(StandInConnection c, String routeKey, String json) {
    if (c.established()) {
      integrate(c, routeKey, json);
      return;
    }
    CompletableFuture<Void> early = c.disconnectedEarly();
    if (early == null) {
      return; // $connect refused, or the client left: API Gateway would not invoke
    }
    // received before the close, overtaken by the $disconnect: invoked once that has run
    c.track(run(c, early, () -> integrate(c, routeKey, json)));
  }

  /** The route's integration: the mock's 200 (and its response, on a two-way route), or an invocation. */
  private int integrate(StandInConnection c, String routeKey, String json) {
    if (!mocks.mocks(routeKey)) {
      return invoke(c, routeKey, json);
    }
    String answer = mocks.answer(routeKey, Map.of("connectionId", c.gatewayId(),
        "requestTimeEpoch", Long.toString(Instant.now().toEpochMilli()), "routeKey", routeKey,
        "connectedAt", Long.toString(c.connectedAt().toEpochMilli())));
    if (answer != null) {
      meter.outbound(answer.getBytes(StandardCharsets.UTF_8).length); // a route response is a message too
      connections.send(c.localId(), answer);
    }
    return 200;
  }

  /** One synchronous invocation, as the Lambda service makes it; returns the status API Gateway would read. */
  private int invoke(StandInConnection c, String routeKey, String json) {
    APIGatewayV2WebSocketEvent event = events.webSocketEvent(json);
    if (!reserved.tryStart()) {
      // Lambda answers 429 TooManyRequestsException without running the function; API Gateway tells the client
      // only that the integration failed
      log.info("monologue-relay ({}) throttled at its reserved concurrency, for connection {}", routeKey,
          c.gatewayId());
      connections.send(c.localId(), internalServerError(c.gatewayId(), event.getRequestContext().getRequestId()));
      return 500;
    }
    invocations.computeIfAbsent(routeKey, k -> new AtomicLong()).incrementAndGet();
    StandInContext context = new StandInContext(UUID.randomUUID().toString(), "monologue-relay",
        (int) runtime.timeout().toMillis());
    int status;
    try {
      status = events.statusCode(runtime.invoke("monologue-relay (" + routeKey + ")",
          () -> handler.handleRequest(event, context)));
    } catch (FunctionRuntime.FunctionError e) {
      reserved.finished(); // the invocation has ended before API Gateway answers the client
      // what API Gateway sends the client when the integration fails; the frame carries no token of the client's
      connections.send(c.localId(), internalServerError(c.gatewayId(), event.getRequestContext().getRequestId()));
      return 502;
    } catch (RuntimeException | Error e) {
      reserved.finished();
      throw e;
    }
    reserved.finished();
    if (status != 200) {
      log.warn("Handler answered {} to {} of connection {}", status, routeKey, c.gatewayId());
    }
    return status;
  }

  /** API Gateway's own frame for a failed or timed-out integration, as it sends it to the client. */
  static String internalServerError(String connectionId, String requestId) {
    return GatewayErrors.frame(GatewayErrors.INTERNAL_SERVER_ERROR, connectionId, requestId);
  }

  private static String newRequestId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** Shaped like API Gateway's: 16 characters of base64 ending in '=' (so it needs URL-encoding in a path). */
  private String newGatewayId() {
    byte[] bytes = new byte[11];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().encodeToString(bytes);
  }
}
