package dev.monologue.standin;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.monologue.relay.aws.RetryPolicy;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.wire.Limits;
import dev.monologue.wire.NameLease;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Options for an {@link AwsStandIn}, from {@link AwsStandIn#builder()}; {@link #start()} starts it. */
public final class AwsStandInBuilder {
  String stage = "test";
  Set<String> apiKeys = Set.of();
  int concurrency = 4;
  RetryPolicy retry = RetryPolicy.DEFAULT;
  Duration functionTimeout = Duration.ofSeconds(10);
  int port;
  URI dynamoEndpoint;
  UnaryOperator<RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>>
      wrapWebSocketHandler = UnaryOperator.identity();
  Duration idleTimeout = Limits.IDLE_TIMEOUT;
  Duration maxConnectionAge = Limits.MAX_CONNECTION_DURATION;
  Path template;
  TlsIdentity tls;
  double stageRate;
  int stageBurst;
  int reservedConcurrency = ReservedConcurrency.NONE;
  int newConnectionsPerSecond;
  Duration postLatency = Duration.ZERO;
  DisconnectDelivery disconnects = DisconnectDelivery.AFTER_MESSAGES;
  RelayPolicy relayPolicy = RelayPolicy.DEFAULT;
  Duration nameLease = NameLease.DEFAULT;

  AwsStandInBuilder() {}

  /**
   * What each API key may do with names and groups, as template.yaml's {@code RelayPolicy} parameter gives the
   * relay function ({@code MONOLOGUE_RELAY_POLICY}); default {@link RelayPolicy#DEFAULT}. Each event carries the
   * sender's key in {@code requestContext.identity}, as API Gateway's do.
   */
  public AwsStandInBuilder relayPolicy(RelayPolicy relayPolicy) {
    this.relayPolicy = Objects.requireNonNull(relayPolicy, "relayPolicy == null");
    return this;
  }

  /**
   * The relay function's name lease, as template.yaml's {@code NameLeaseSeconds} sets it (default 30 s): a holder
   * whose {@code lastActiveAt} is older loses its names. Needs {@link #namesTable}.
   */
  public AwsStandInBuilder nameLease(Duration nameLease) {
    this.nameLease = StandInSettings.nameLease(nameLease);
    return this;
  }

  /**
   * The key and certificate to serve {@code wss://} with; by default a certificate for {@code localhost} and
   * {@code 127.0.0.1} made at start, signed by a certificate authority made with it ({@link TlsIdentity#generate}).
   */
  public AwsStandInBuilder tls(TlsIdentity identity) {
    this.tls = Objects.requireNonNull(identity, "identity == null");
    return this;
  }

  /**
   * The stage's throttle, all connections together: {@code ratePerSecond} messages a second, {@code burst} at once
   * (a token bucket). A message over it is not delivered; its sender gets API Gateway's
   * {@code {"message": "Too Many Requests", ...}} frame at once. Default: template.yaml's defaults of
   * {@code ThrottlingRateLimit} and {@code ThrottlingBurstLimit}, as a deployment without overrides gets.
   */
  public AwsStandInBuilder stageThrottle(double ratePerSecond, int burst) {
    StandInSettings.checkThrottle(ratePerSecond, burst);
    this.stageRate = ratePerSecond;
    this.stageBurst = burst;
    return this;
  }

  /**
   * Each function's reserved concurrency ({@code ReservedConcurrentExecutions}): an invocation beyond it is
   * throttled by Lambda, not queued. A throttled WebSocket invocation costs the client API Gateway's
   * "Internal server error" frame; a throttled queue batch is reported failed whole, so SQS retries it. Default:
   * none (only {@link #concurrency} bounds how many run, and queues the rest).
   */
  public AwsStandInBuilder reservedConcurrency(int reservedConcurrency) {
    this.reservedConcurrency = StandInSettings.atLeastOne(reservedConcurrency, "reservedConcurrency");
    return this;
  }

  /**
   * The account's limit of new connections a second (AWS: 500 per region by default); a handshake over it is
   * refused with HTTP 429. Default: no limit.
   */
  public AwsStandInBuilder newConnectionsPerSecond(int newConnectionsPerSecond) {
    this.newConnectionsPerSecond = StandInSettings.atLeastOne(newConnectionsPerSecond, "newConnectionsPerSecond");
    return this;
  }

  /**
   * How {@code $disconnect} reaches the function: after the connection's messages (the default), early, or
   * never; API Gateway promises only best effort.
   */
  public AwsStandInBuilder disconnects(DisconnectDelivery disconnects) {
    this.disconnects = Objects.requireNonNull(disconnects, "disconnects == null");
    return this;
  }

  /**
   * Keeps names and groups in a DynamoDB at {@code endpoint} (dynalite, on loopback), in a table created from
   * template.yaml's {@code NamesTable}; without it the handler keeps no names, as a deployment without the table.
   */
  public AwsStandInBuilder namesTable(URI endpoint) {
    this.dynamoEndpoint = Objects.requireNonNull(endpoint, "endpoint == null");
    return this;
  }

  /** The API stage, part of the endpoint and of every management path; default {@code test}. */
  public AwsStandInBuilder stage(String stage) {
    this.stage = Objects.requireNonNull(stage, "stage == null");
    return this;
  }

  /** The port clients connect to on 127.0.0.1; 0 (the default) picks a free one. */
  public AwsStandInBuilder port(int port) {
    this.port = StandInSettings.port(port);
    return this;
  }

  /** The API keys API Gateway accepts on {@code $connect}; none (the default) accepts anyone. */
  public AwsStandInBuilder apiKeys(Set<String> apiKeys) {
    this.apiKeys = Set.copyOf(Objects.requireNonNull(apiKeys, "apiKeys == null"));
    return this;
  }

  /** How many handler invocations may run at once (Lambda's concurrency); default 4. */
  public AwsStandInBuilder concurrency(int concurrency) {
    this.concurrency = concurrency;
    return this;
  }

  /**
   * How long a connection may go without a message before the stand-in closes it (1001, {@code Going away}); API
   * Gateway's 10 minutes by default. Shorter, it lets tests see keep-alives hold a connection open.
   */
  public AwsStandInBuilder idleTimeout(Duration idleTimeout) {
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout == null");
    return this;
  }

  /**
   * How long a connection may stay open before the stand-in closes it (1001); API Gateway's 2 hours by default.
   * Shorter, it lets tests see clients move to a fresh connection before it.
   */
  public AwsStandInBuilder maxConnectionAge(Duration maxConnectionAge) {
    this.maxConnectionAge = Objects.requireNonNull(maxConnectionAge, "maxConnectionAge == null");
    return this;
  }

  /** Both functions' timeout, as {@code Timeout} in template.yaml; default 10 s. */
  public AwsStandInBuilder functionTimeout(Duration functionTimeout) {
    this.functionTimeout = Objects.requireNonNull(functionTimeout, "functionTimeout == null");
    return this;
  }

  /**
   * How long each {@code PostToConnection} takes to be answered (the frame is delivered at once); none by default.
   * Posts overlap: the latency is each post's, as on AWS, where a post from a Lambda function takes milliseconds.
   */
  public AwsStandInBuilder postLatency(Duration postLatency) {
    this.postLatency = StandInSettings.postLatency(postLatency);
    return this;
  }

  /** Wraps the real WebSocket handler, so a test can make an invocation throw or hang. */
  AwsStandInBuilder wrapWebSocketHandler(
      UnaryOperator<RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> wrap) {
    this.wrapWebSocketHandler = Objects.requireNonNull(wrap, "wrap == null");
    return this;
  }

  /**
   * The template whose functions' IAM policies the stand-in enforces (and whose {@code NamesTable} it creates);
   * by default template.yaml, found from the working directory upward.
   */
  AwsStandInBuilder template(Path template) {
    this.template = Objects.requireNonNull(template, "template == null");
    return this;
  }

  AwsStandInBuilder retry(RetryPolicy retry) {
    this.retry = Objects.requireNonNull(retry, "retry == null");
    return this;
  }

  /** Starts the management API and the relay; returns once both listen. */
  public AwsStandIn start() {
    StandInSettings.checkAtStart(stage, functionTimeout, concurrency);
    AwsStandIn standIn = new AwsStandIn(this);
    standIn.start();
    return standIn;
  }
}
