package dev.monologue.relay.aws;

import dev.monologue.relay.core.NameRegistry;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Builds the Lambda's {@link NameRegistry} from its environment: the DynamoDB table, or none. */
final class NameTables {
  private NameTables() {}

  /** The table named by {@value DynamoNameRegistry#TABLE_VARIABLE}, or a registry refusing every name action. */
  static NameRegistry fromEnvironment(Map<String, String> env) {
    String table = env.get(DynamoNameRegistry.TABLE_VARIABLE);
    if (table == null || table.isBlank()) {
      return WebSocketHandler.NO_NAMES;
    }
    String region = env.get("AWS_REGION");
    DynamoDbClientBuilder b = DynamoDbClient.builder()
        // the lightest HTTP client, as for @connections; built in the init phase (snapshotted under SnapStart)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5)));
    if (region != null && !region.isBlank()) {
      b.region(Region.of(region.strip()));
    }
    return new DynamoNameRegistry(b.build(), table.strip());
  }
}
