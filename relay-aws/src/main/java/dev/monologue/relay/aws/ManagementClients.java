package dev.monologue.relay.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClientBuilder;

/**
 * The {@code @connections} clients of one Lambda container, built once and kept, one per management
 * endpoint (a function may serve several stages or custom domains). Building a client costs tens of milliseconds,
 * so it happens once per container, not per invocation: for a configured endpoint at construction (the init
 * phase, so under SnapStart before the snapshot), for endpoints taken from events on first use. Before a SnapStart
 * snapshot, {@link #beforeCheckpoint} primes the configured client with one request, so the snapshot holds its
 * classes loaded and initialized; after a restore, {@link #afterRestore} reseeds the retry jitter.
 */
final class ManagementClients implements Resource, AutoCloseable {
  /** A well-formed connection ID no connection has: API Gateway answers it without touching any connection. */
  static final String PRIMING_CONNECTION_ID = "primingPrimingA=";
  /** What the priming post carries, should it ever reach a connection: an empty JSON object, which means nothing. */
  private static final SdkBytes PRIMING_DATA = SdkBytes.fromUtf8String("{}");

  private static final Logger log = LoggerFactory.getLogger(ManagementClients.class);

  private final ManagementSettings settings;
  private final Map<URI, ApiGatewayManagementApiClient> clients = new ConcurrentHashMap<>();
  private final Jitter jitter = new Jitter();
  private final FanOutPool fanOuts;

  ManagementClients(ManagementSettings settings) {
    this.settings = settings;
    this.fanOuts = new FanOutPool(FanOutPool.DEFAULT_THREADS, FanOutPool.DEFAULT_BUDGET, settings.retry().worstCase());
    if (settings.endpointOverride() != null) {
      client(settings.endpointOverride());
    }
  }

  ManagementSettings settings() {
    return settings;
  }

  Jitter jitter() {
    return jitter;
  }

  /** Where fan-outs post in parallel: one pool per container, its threads started on demand. */
  FanOutPool fanOuts() {
    return fanOuts;
  }

  /** The client for {@code endpoint}, built on first use. */
  ApiGatewayManagementApiClient client(URI endpoint) {
    return clients.computeIfAbsent(endpoint, this::build);
  }

  /**
   * Runs the configured client's whole request path once (signing, HTTP, error decoding) with a
   * {@code PostToConnection} to a connection that does not exist, answered 410: the call both functions make on
   * every delivery, and the one permission both have (template.yaml gives the queue function no GET). Failing to
   * prime only costs the first invocation the time it saves.
   */
  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    URI endpoint = settings.endpointOverride();
    if (endpoint == null) {
      log.info("No {} set: nothing to prime before the snapshot", ManagementSettings.ENDPOINT_VARIABLE);
      return;
    }
    try {
      client(endpoint).postToConnection(r -> r.connectionId(PRIMING_CONNECTION_ID).data(PRIMING_DATA));
    } catch (SdkException e) {
      log.debug("Priming PostToConnection answered as expected: {}", e.toString());
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    jitter.reseed();
  }

  private ApiGatewayManagementApiClient build(URI endpoint) {
    Duration attempt = settings.retry().attemptTimeout();
    ApiGatewayManagementApiClientBuilder b = ApiGatewayManagementApiClient.builder()
        .endpointOverride(endpoint)
        // the lightest HTTP client; apache and netty are excluded from the Lambda jar
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(attempt)
            .socketTimeout(attempt))
        // ManagementGateway retries itself, briefly and with jitter; the SDK must not add its own tries on top.
        // Each call is one try, bounded as RetryPolicy writes down.
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(attempt)
            .apiCallTimeout(attempt));
    if (settings.region() != null) {
      b.region(settings.region());
    }
    if (settings.credentials() != null) {
      b.credentialsProvider(settings.credentials());
    }
    return b.build();
  }

  @Override
  public void close() {
    clients.values().forEach(ApiGatewayManagementApiClient::close);
    clients.clear();
    fanOuts.close();
  }
}
