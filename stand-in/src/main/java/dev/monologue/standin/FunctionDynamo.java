package dev.monologue.standin;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The relay function's DynamoDB: the names table created in dynalite as CloudFormation would, and the function's
 * client, which goes through the IAM check ({@link DynamoIamProxy}) and whose consumed capacity is billed.
 */
final class FunctionDynamo implements AutoCloseable {
  private final DynamoIamProxy proxy;
  private final DynamoDbClient client;

  /**
   * Creates {@code table} from the template's {@code NamesTable} at {@code endpoint}, starts the IAM check in front
   * of it, and makes the client that signs with {@code credentials}.
   */
  FunctionDynamo(URI endpoint, TemplateNamesTable names, String table, FunctionRoles roles,
      AwsCredentialsProvider credentials, BillingMeter meter) {
    // CloudFormation creates the table, not the function: straight to dynalite, with keys of no function's
    try (DynamoDbClient cloudFormation = DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(AwsStandIn.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCLOUDFORMATION", "stand-in-secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build()) {
      names.create(cloudFormation, table);
    }
    this.proxy = new DynamoIamProxy(endpoint, roles);
    proxy.start();
    // what the function's own requests consume is billed, not the stand-in's table creation
    this.client = DynamoDbClient.builder()
        .endpointOverride(proxy.endpoint())
        .region(Region.of(AwsStandIn.REGION))
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new DynamoCapacityMeter(meter)))
        .build();
  }

  /** The function's client. */
  DynamoDbClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    proxy.close();
  }
}
