package dev.monologue.standin;

import dev.monologue.relay.aws.DynamoNameRegistry;
import dev.monologue.relay.aws.ManagementSettings;
import dev.monologue.relay.aws.WebSocketHandler;
import dev.monologue.relay.core.RelayPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The relay function: the real {@link WebSocketHandler}, with its names table in DynamoDB when there is one
 * ({@link FunctionDynamo}), as template.yaml deploys it.
 */
final class RelayFunction implements AutoCloseable {
  /** The function's DynamoDB, or null without a names table. */
  private final FunctionDynamo dynamo;
  /** The function's name registry, or null without a names table. */
  private final DynamoNameRegistry names;
  private final WebSocketHandler handler;

  /**
   * @param dynamoEndpoint dynalite's endpoint, or null for a deployment without the names table
   * @param table the names table's name
   */
  RelayFunction(ManagementSettings settings, URI dynamoEndpoint, Path template, String table, FunctionRoles roles,
      BillingMeter meter, RelayPolicy policy, Duration nameLease) {
    // CloudFormation creates the table, not the function; the function's requests go through the IAM check
    this.dynamo = dynamoEndpoint == null ? null : new FunctionDynamo(dynamoEndpoint,
        TemplateNamesTable.read(template), table, roles, settings.credentials(), meter);
    if (dynamo == null) {
      this.names = null;
      this.handler = new WebSocketHandler(settings);
    } else {
      this.names = new DynamoNameRegistry(dynamo.client(), table);
      this.handler = new WebSocketHandler(settings, names, policy, nameLease);
    }
  }

  WebSocketHandler handler() {
    return handler;
  }

  /** The function's name registry, or null without a names table. */
  DynamoNameRegistry names() {
    return names;
  }

  /** Primes the handler, as SnapStart does before the first invocation. */
  void prime() {
    SnapStart.beforeSnapshot(handler.snapStartHooks());
  }

  @Override
  public void close() {
    if (dynamo != null) {
      dynamo.close();
    }
  }
}
