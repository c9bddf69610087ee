package dev.monologue.relay.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClientBuilder;

/**
 * The {@code @connections} clients of one Lambda container, built once and kept, one per management
 * endpoint (a function may serve several stages or custom domains). Building a client costs tens of milliseconds,
 * so it happens once per container, not per invocation: for a configured endpoint at construction (the init
 * phase), for endpoints taken from events on first use.
 */
final class ManagementClients implements AutoCloseable {
  private final ManagementSettings settings;
  private final Map<URI, ApiGatewayManagementApiClient> clients = new ConcurrentHashMap<>();

  ManagementClients(ManagementSettings settings) {
    this.settings = settings;
    if (settings.endpointOverride() != null) {
      // built during the container's init phase (snapshotted under SnapStart), not in the first invocation
      client(settings.endpointOverride());
    }
  }

  ManagementSettings settings() {
    return settings;
  }

  /** The client for {@code endpoint}, built on first use. */
  ApiGatewayManagementApiClient client(URI endpoint) {
    return clients.computeIfAbsent(endpoint, this::build);
  }

  private ApiGatewayManagementApiClient build(URI endpoint) {
    ApiGatewayManagementApiClientBuilder b = ApiGatewayManagementApiClient.builder()
        .endpointOverride(endpoint)
        // the lightest HTTP client; apache and netty are excluded from the Lambda jar
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5)))
        // ManagementGateway retries itself, briefly and with jitter; the SDK must not add its own tries on top
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
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
  }
}
