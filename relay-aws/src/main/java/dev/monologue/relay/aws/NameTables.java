package dev.monologue.relay.aws;

import dev.monologue.relay.core.NameRegistry;
import dev.monologue.wire.NameLease;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Builds the Lambda's {@link NameRegistry} from its environment: the DynamoDB table, or none. */
final class NameTables {
  /** The relay function's environment variable holding its name lease in whole seconds (default 30). */
  static final String LEASE_VARIABLE = "MONOLOGUE_NAME_LEASE_SECONDS";

  private NameTables() {}

  /** The name lease {@value #LEASE_VARIABLE} sets, or {@link NameLease#DEFAULT} when it is unset. */
  static Duration leaseFromEnvironment(Map<String, String> env) {
    String value = env.get(LEASE_VARIABLE);
    if (value == null || value.isBlank()) {
      return NameLease.DEFAULT;
    }
    try {
      long seconds = Long.parseLong(value.strip());
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(LEASE_VARIABLE + " must be a positive whole number of seconds, was '"
        + value + "'; set it in template.yaml (parameter NameLeaseSeconds) or leave it unset for "
        + NameLease.DEFAULT.toSeconds());
  }

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
