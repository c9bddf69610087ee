package dev.monologue.standin;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.monologue.relay.LocalRelay;
import dev.monologue.relay.aws.DynamoNameRegistry;
import dev.monologue.relay.aws.ManagementSettings;
import dev.monologue.relay.aws.QueueHandler;
import dev.monologue.relay.aws.WebSocketHandler;
import dev.monologue.wire.Limits;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS relay on this machine: the real Lambda handlers ({@link WebSocketHandler}, {@link QueueHandler}) behind
 * a stand-in for API Gateway. Clients connect over WebSocket as to API Gateway: {@code wss://} only, with a
 * certificate made at start unless one is given ({@link #tls()} says what to trust), API key in {@code x-api-key};
 * each
 * event reaches the handler as the JSON AWS documents, read by the Lambda runtime's own serializer; the handler
 * answers with the AWS SDK over real HTTP to a stand-in of the {@code @connections} management API. For tests of
 * the AWS path without AWS.
 *
 * <pre>{@code
 * try (AwsStandIn aws = AwsStandIn.builder().apiKeys(Set.of("k1")).start()) {
 *   URI endpoint = aws.endpoint();                       // wss://127.0.0.1:PORT/test
 *   SSLContext trust = aws.tls().clientContext();        // trusts the stand-in's certificate
 *   aws.sendToQueue(List.of("{\"to\":\"...\",\"payload\":{}}"));
 * }
 * }</pre>
 */
public final class AwsStandIn implements AutoCloseable {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "123456789012";

  private final String stage;
  private final ManagementApiServer management;
  private final ExecutorService lambdas;
  private final LocalRelay relay;
  private final LambdaEvents events;
  /** The queue function, invoked as SQS would. */
  private final QueueFunction queue;
  private final Map<String, StandInConnection> byGatewayId;
  private volatile ApiGatewayStandIn gateway;
  private final FunctionRuntime runtime;
  /** The relay function, with its names table if there is one. */
  private final RelayFunction relayFunction;
  /** Each function's credentials and IAM policy, from template.yaml. */
  private final FunctionRoles roles;
  private final String apiId;

  private final BillingMeter meter = new BillingMeter();

  private final TlsIdentity tls;
  private final StageThrottle stageThrottle;
  private final ReservedConcurrency relayReserved;
  private final ReservedConcurrency queueReserved;

  AwsStandIn(AwsStandInBuilder b) {
    Path template = b.template == null ? CfnYaml.findTemplate() : b.template;
    TemplateMockRoutes mocks = TemplateMockRoutes.read(template);
    TemplateThrottle throttle = b.stageRate > 0 ? new TemplateThrottle(b.stageRate, b.stageBurst)
        : TemplateThrottle.read(template);
    this.stageThrottle = new StageThrottle(throttle.ratePerSecond(), throttle.burst(), System.nanoTime());
    this.relayReserved = new ReservedConcurrency(b.reservedConcurrency);
    this.queueReserved = new ReservedConcurrency(b.reservedConcurrency);
    this.stage = b.stage;
    this.tls = b.tls != null ? b.tls : TlsIdentity.generate("localhost", "127.0.0.1");
    this.runtime = new FunctionRuntime(b.functionTimeout, meter);
    String apiId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, StandInConnection> byGatewayId = new ConcurrentHashMap<>();
    this.byGatewayId = byGatewayId;
    this.apiId = apiId;
    String table = "monologue-" + stage + "-names-" + apiId;
    // each function signs with its own key, so that @connections and DynamoDB check its own policy
    this.roles = FunctionRoles.fromTemplate(template, TemplateValues.standIn(apiId, stage, table),
        "monologue-" + stage);
    this.management = new ManagementApiServer(stage, byGatewayId, meter, b.postLatency);
    management.checkAccess(roles, apiId);
    ManagementSettings settings = new ManagementSettings(management.endpoint(), Region.of(REGION),
        roles.role(FunctionRoles.RELAY).credentials(), b.retry);
    ManagementSettings queueSettings = new ManagementSettings(management.endpoint(), Region.of(REGION),
        roles.role(FunctionRoles.QUEUE).credentials(), b.retry);
    this.lambdas = LambdaThreads.start(b.concurrency);
    this.events = new LambdaEvents(apiId, stage, apiId + ".execute-api." + REGION + ".amazonaws.com");
    this.relayFunction = new RelayFunction(settings, b.dynamoEndpoint, template, table, roles, meter, b.relayPolicy,
        b.nameLease);
    RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> function =
        b.wrapWebSocketHandler.apply(relayFunction.handler());
    this.queue = new QueueFunction(queueSettings, stage, events, runtime, queueReserved);
    this.relay = LocalRelay.builder()
        .port(b.port)
        .apiKeys(b.apiKeys)
        .idleTimeout(b.idleTimeout)
        .maxConnectionDuration(b.maxConnectionAge)
        .maxMessageBytes(Limits.MAX_MESSAGE_BYTES)
        .tls(tls.serverContext())
        .newConnectionRateLimit(b.newConnectionsPerSecond)
        .backend(connections -> {
          management.connections(connections);
          gateway = new ApiGatewayStandIn(connections, function, events, lambdas, byGatewayId, runtime, meter,
              stageThrottle, relayReserved, mocks, b.disconnects);
          return gateway;
        })
        .build();
  }

  /**
   * A builder with the defaults: stage {@code test}, no API keys, 4 concurrent invocations, template.yaml's stage
   * throttle, no reserved concurrency, no new-connection limit.
   */
  public static AwsStandInBuilder builder() {
    return new AwsStandInBuilder();
  }

  void start() {
    management.start();
    try {
      // as SnapStart runs them: constructed, then primed before the first invocation (template.yaml)
      relayFunction.prime();
      queue.prime();
      relay.start();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Where clients connect: {@code wss://127.0.0.1:PORT/STAGE}. */
  public URI endpoint() {
    return URI.create(relay.endpoint() + "/" + stage);
  }

  /**
   * The certificate the stand-in serves and what a client must trust to accept it: {@code tls().clientContext()}
   * for {@code MonologueOptions.Builder.sslContext}, {@code tls().caPem()} for other clients.
   */
  public TlsIdentity tls() {
    return tls;
  }

  /** The {@code @connections} management API the handlers post to: {@code http://127.0.0.1:PORT/STAGE}. */
  public URI managementEndpoint() {
    return management.endpoint();
  }

  /** Every request the management API received so far, in order. */
  public List<ManagementRequest> managementRequests() {
    return management.requests();
  }

  /** How many client WebSocket connections are open now. */
  public int connectionCount() {
    return relay.connectionCount();
  }

  /**
   * How many times the WebSocket function was invoked for {@code routeKey} ({@code whoami}, {@code $default}, ...):
   * what the traffic so far would have cost in Lambda invocations. The mocked route ({@code $connect}) costs none,
   * as in template.yaml.
   */
  public long invocations(String routeKey) {
    ApiGatewayStandIn g = gateway;
    return g == null ? 0 : g.invocations(Objects.requireNonNull(routeKey, "routeKey == null"));
  }

  /** What AWS would bill for the traffic so far, in its units ({@link Usage}); subtract two for a span. */
  public Usage usage() {
    return meter.usage();
  }

  /**
   * Changes the stage's throttle while it runs, as {@code UpdateStage} does on AWS; the bucket starts full at the
   * new size.
   */
  public void updateStageThrottle(double ratePerSecond, int burst) {
    StandInSettings.checkThrottle(ratePerSecond, burst);
    stageThrottle.update(ratePerSecond, burst, System.nanoTime());
  }

  /** How many inbound messages the stage throttle refused (each answered with API Gateway's throttle frame). */
  public long throttledMessages() {
    return stageThrottle.throttled();
  }

  /**
   * How many WebSocket function invocations Lambda throttled at the reserved concurrency (each cost the client the
   * "Internal server error" frame, and invoked nothing).
   */
  public long throttledInvocations() {
    return relayReserved.throttled();
  }

  /** How many WebSocket function invocations run now. */
  public int runningInvocations() {
    return relayReserved.running();
  }

  /** The most WebSocket function invocations that ran at once so far: what its concurrency must cover. */
  public int peakConcurrentInvocations() {
    return relayReserved.peak();
  }

  /** How many queue function invocations run now. */
  int runningQueueInvocations() {
    return queueReserved.running();
  }

  /** How many queue batches Lambda throttled at the reserved concurrency (all their messages stay to be retried). */
  public long throttledQueueBatches() {
    return queueReserved.throttled();
  }

  /** How many WebSocket handshakes were refused with 429 over the new-connection rate. */
  public long throttledConnections() {
    return relay.throttledHandshakes();
  }

  /** The {@code $disconnect} events made so far (none for a lost one), as the JSON the function was given. */
  List<String> disconnectEvents() {
    ApiGatewayStandIn g = gateway;
    return g == null ? List.of() : g.disconnectEvents();
  }

  /** Forgets the recorded management requests. */
  public void clearManagementRequests() {
    management.clearRequests();
  }

  /** Answers the next {@code count} {@code PostToConnection} calls with 429 {@code LimitExceededException}. */
  public void throttleNextPosts(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    management.failNextPosts(count, 429, "LimitExceededException");
  }

  /**
   * Answers the next {@code count} {@code PostToConnection} calls with HTTP {@code status} and
   * {@code x-amzn-ErrorType: errorType} (null for none), as API Gateway answers a post it refuses (403
   * {@code ForbiddenException} without permission) or fails (500).
   */
  public void failNextPosts(int count, int status, String errorType) {
    if (count < 0 || status < 400 || status > 599) {
      throw new IllegalArgumentException("need count >= 0 and a 4xx or 5xx status, was " + count + ", " + status);
    }
    management.failNextPosts(count, status, errorType);
  }

  /** The next {@code count} {@code PostToConnection} calls get no answer (until the stand-in closes). */
  public void stallNextPosts(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    management.stallNextPosts(count);
  }

  /** Whether {@code connectionId} is connected as API Gateway sees it: {@code $connect} accepted, not yet gone. */
  public boolean isConnected(String connectionId) {
    StandInConnection c = byGatewayId.get(Objects.requireNonNull(connectionId, "connectionId == null"));
    return c != null && c.established();
  }

  /** The relay function's names table, as the function reads it (tests write state into it), or null. */
  DynamoNameRegistry names() {
    return relayFunction.names();
  }

  /** Each function's credentials and policy, as the stand-in's services check them. */
  FunctionRoles roles() {
    return roles;
  }

  /** The WebSocket API's ID, part of every {@code execute-api} ARN. */
  String apiId() {
    return apiId;
  }

  /** Whether the stand-in still tracks {@code connectionId}: false once its {@code $disconnect} has been integrated. */
  boolean knows(String connectionId) {
    return byGatewayId.containsKey(connectionId);
  }

  /**
   * Closes a client's connection from the relay's side, as if it dropped; false when no such connection is open.
   *
   * @param connectionId the ID the client learned with {@code whoami}
   */
  public boolean disconnect(String connectionId) {
    StandInConnection c = byGatewayId.get(Objects.requireNonNull(connectionId, "connectionId == null"));
    return c != null && relay.disconnect(c.localId());
  }

  /**
   * Hands one batch of message bodies to the {@link QueueHandler}, as the SQS event source mapping does, and
   * returns once it has run, with the IDs it reported as failed.
   */
  public QueueBatchResult sendToQueue(List<String> bodies) {
    return queue.invoke(bodies);
  }

  /** Closes the clients' connections, the relay and the management API. Idempotent. */
  @Override
  public void close() {
    relay.close();
    LambdaThreads.stop(lambdas);
    runtime.close();
    management.close();
    relayFunction.close();
  }
}
