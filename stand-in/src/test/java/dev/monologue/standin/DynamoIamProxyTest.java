package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** DynamoDB's IAM check in front of dynalite, with the real SDK client, signing as a function of a template. */
class DynamoIamProxyTest {
  private static final String TABLE = "names-t";
  private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/" + TABLE;
  private static Dynalite dynalite;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    dynalite = Dynalite.start();
    Path t = dir.resolve("template.yaml");
    Files.writeString(t, Files.readString(CfnYaml.findTemplate()));
    try (DynamoDbClient direct = client(dynalite.endpoint(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCREATE", "secret")))) {
      TemplateNamesTable.read(t).create(direct, TABLE);
    }
  }

  @AfterAll
  static void stop() {
    if (dynalite != null) {
      dynalite.close();
    }
  }

  private static DynamoDbClient client(URI endpoint, AwsCredentialsProvider credentials) {
    return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  private static FunctionRoles roles(String policy) throws IOException {
    Path t = Files.createTempFile(dir, "template", ".yaml");
    Files.writeString(t, """
        Resources:
          RelayFunction:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: !Sub monologue-${Stage}-relay
              Policies:
                - Statement:
        """ + policy.indent(12) + """
          QueueFunction:
            Type: AWS::Serverless::Function
            Properties:
              Policies: []
        """);
    return FunctionRoles.fromTemplate(t, TemplateValues.standIn("abc123", "test", TABLE), "monologue-test");
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("-"));
  }

  @Test
  void allowedCallsReachDynaliteUnchangedAndOthersAreAccessDeniedAsDynamoDbAnswers() throws IOException {
    FunctionRoles roles = roles("""
        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:PutItem]
          Resource: !GetAtt NamesTable.Arn
        """);
    try (DynamoIamProxy proxy = new DynamoIamProxy(dynalite.endpoint(), roles)) {
      proxy.start();
      try (DynamoDbClient relay = client(proxy.endpoint(), roles.role(FunctionRoles.RELAY).credentials());
          DynamoDbClient queue = client(proxy.endpoint(), roles.role(FunctionRoles.QUEUE).credentials());
          DynamoDbClient outsider = client(proxy.endpoint(),
              StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDOUTSIDER", "secret")))) {
        relay.putItem(b -> b.tableName(TABLE).item(key("n#billing")));
        assertEquals(key("n#billing"), relay.getItem(b -> b.tableName(TABLE).key(key("n#billing"))).item());

        DynamoDbException delete = assertThrows(DynamoDbException.class,
            () -> relay.deleteItem(b -> b.tableName(TABLE).key(key("n#billing"))));
        assertEquals(400, delete.statusCode());
        assertEquals("AccessDeniedException", delete.awsErrorDetails().errorCode());
        assertEquals("User: arn:aws:sts::123456789012:assumed-role/monologue-test-RelayFunctionRole/"
            + "monologue-test-relay is not authorized to perform: dynamodb:DeleteItem on resource: " + TABLE_ARN
            + " because no identity-based policy allows the dynamodb:DeleteItem action",
            delete.awsErrorDetails().errorMessage());
        assertEquals(key("n#billing"), relay.getItem(b -> b.tableName(TABLE).key(key("n#billing"))).item(),
            "the refused delete never reached dynalite");

        DynamoDbException queueGet = assertThrows(DynamoDbException.class,
            () -> queue.getItem(b -> b.tableName(TABLE).key(key("n#billing"))), "each function its own policy");
        assertEquals("AccessDeniedException", queueGet.awsErrorDetails().errorCode());

        // a key no function has is an operator's: not checked
        outsider.deleteItem(b -> b.tableName(TABLE).key(key("n#billing")));
        assertEquals(Map.of(), relay.getItem(b -> b.tableName(TABLE).key(key("n#billing"))).item());
      }
    }
  }

  @Test
  void aQueryOfAnIndexNeedsTheIndexArnAndAnExplicitDenyWins() throws IOException {
    FunctionRoles roles = roles("""
        - Effect: Allow
          Action: dynamodb:*
          Resource: !GetAtt NamesTable.Arn
        - Effect: Deny
          Action: dynamodb:PutItem
          Resource: '*'
        """);
    try (DynamoIamProxy proxy = new DynamoIamProxy(dynalite.endpoint(), roles)) {
      proxy.start();
      try (DynamoDbClient relay = client(proxy.endpoint(), roles.role(FunctionRoles.RELAY).credentials())) {
        assertEquals(0, relay.query(b -> b.tableName(TABLE).keyConditionExpression("pk = :pk")
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("nobody")))).count());
        DynamoDbException index = assertThrows(DynamoDbException.class,
            () -> relay.query(b -> b.tableName(TABLE).indexName("byHolder").keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("nobody")))));
        assertEquals("AccessDeniedException", index.awsErrorDetails().errorCode());
        assertEquals(true, index.awsErrorDetails().errorMessage()
            .contains("dynamodb:Query on resource: " + TABLE_ARN + "/index/byHolder because"),
            index.awsErrorDetails().errorMessage());
        DynamoDbException put = assertThrows(DynamoDbException.class,
            () -> relay.putItem(b -> b.tableName(TABLE).item(key("n#x"))));
        assertEquals(true, put.awsErrorDetails().errorMessage().endsWith(
            "dynamodb:PutItem on resource: " + TABLE_ARN + " with an explicit deny in an identity-based policy"),
            put.awsErrorDetails().errorMessage());
      }
    }
  }
}
