package dev.monologue.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Creates the names table in a local DynamoDB (dynalite) from {@code NamesTable} in {@code template.yaml} itself:
 * its keys, attribute types and billing mode, so the tests run against the table AWS would create. The template's
 * {@code TimeToLiveSpecification} is returned for checking, not applied: dynalite has no TTL, and the relay checks
 * expiry on every read anyway.
 */
final class TemplateNamesTable {
  static final String RESOURCE = "NamesTable";
  private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(30);

  private final JsonNode properties;

  private TemplateNamesTable(JsonNode properties) {
    this.properties = properties;
  }

  /** Reads {@code template.yaml}, found from the working directory upward. */
  static TemplateNamesTable read() {
    Path template = find();
    try {
      // the template's short-form tags (!Ref, !Sub) read as plain values; only literal properties are used here
      JsonNode props = new ObjectMapper(new YAMLFactory()).readTree(template.toFile())
          .path("Resources").path(RESOURCE).path("Properties");
      if (props.isMissingNode()) {
        throw new IllegalStateException(template + " has no Resources." + RESOURCE + ".Properties");
      }
      return new TemplateNamesTable(props);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + template, e);
    }
  }

  /** The attribute the template gives DynamoDB's TTL. */
  String ttlAttribute() {
    return properties.path("TimeToLiveSpecification").path("AttributeName").asText(null);
  }

  /** Creates the table as {@code tableName}, with the template's keys and billing mode. */
  void create(DynamoDbClient dynamo, String tableName) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (JsonNode a : properties.path("AttributeDefinitions")) {
      attributes.add(AttributeDefinition.builder().attributeName(a.path("AttributeName").asText())
          .attributeType(a.path("AttributeType").asText()).build());
    }
    List<KeySchemaElement> keys = new ArrayList<>();
    for (JsonNode k : properties.path("KeySchema")) {
      keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
          .keyType(k.path("KeyType").asText()).build());
    }
    dynamo.createTable(CreateTableRequest.builder().tableName(tableName).attributeDefinitions(attributes)
        .keySchema(keys).billingMode(BillingMode.fromValue(properties.path("BillingMode").asText())).build());
    awaitActive(dynamo, tableName);
  }

  /** A new table is CREATING for a moment, even in dynalite; the SDK's waiter polls every 20 s, too slow here. */
  private static void awaitActive(DynamoDbClient dynamo, String tableName) {
    long deadline = System.nanoTime() + ACTIVE_WITHIN.toNanos();
    while (dynamo.describeTable(b -> b.tableName(tableName)).table().tableStatus() != TableStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("table " + tableName + " not ACTIVE within " + ACTIVE_WITHIN);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  static Path find() {
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path t = d.resolve("template.yaml");
      if (Files.isRegularFile(t)) {
        return t;
      }
    }
    throw new IllegalStateException("template.yaml not found above " + Paths.get("").toAbsolutePath());
  }
}
