package dev.monologue.standin;

import static dev.monologue.testsupport.Awaits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The stand-in counts what AWS would bill, in AWS's units: invocations and their milliseconds, messages in and out
 * per 32 KB started, DynamoDB request units (a failed conditional write too), and connection time.
 */
class AwsStandInUsageTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @RegisterExtension static final SharedDynalite dynalite = new SharedDynalite();

  private static String claim(String name) {
    return "{\"action\":\"claim\",\"name\":\"" + name + "\",\"payload\":{\"token\":\"c\"}}";
  }

  @Test
  void countsInvocationsMessagesRequestUnitsAndConnectionTime() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().namesTable(dynalite.endpoint()).start()) {
      TestClient a = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
      try (TestClient b = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
        String bId = b.id();
        a.id();
        eventually("both whoami invocations are counted", () -> aws.usage().invocations() == 2);
        Usage start = aws.usage();
        assertEquals(2, start.inboundMessages(), "$connect is no message; each whoami is one");
        assertEquals(2, start.outboundMessages());

        // 40 KB: two 32 KB increments each way, one invocation, no DynamoDB
        Usage before = aws.usage();
        a.sendFragmented("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"s\":\""
            + "x".repeat(40 * 1024) + "\"}}", 16 * 1024);
        assertEquals(40 * 1024, MAPPER.readTree(b.next()).path("payload").path("s").asText().length());
        eventually("the sendmessage invocation is counted", () -> aws.usage().invocations() == 3);
        Usage large = aws.usage().minus(before);
        assertEquals(new Usage(1, large.billedMillis(), 2, 2, 0, 0, 0), large);
        assertTrue(large.billedMillis() >= 1, "each invocation bills at least 1 ms: " + large);

        before = aws.usage();
        a.send(claim("billing"));
        JsonNode granted = MAPPER.readTree(a.next()).path("payload");
        assertEquals("ACK", granted.path("type").asText(), granted.toString());
        eventually("the claim's invocation is counted", () -> aws.usage().invocations() == 4);
        Usage claimed = aws.usage().minus(before);
        assertEquals(1, claimed.inboundMessages());
        assertEquals(1, claimed.outboundMessages());
        assertTrue(claimed.writeUnits() >= 1, "a claim writes its name: " + claimed);

        before = aws.usage();
        b.send(claim("billing"));
        JsonNode refused = MAPPER.readTree(b.next()).path("payload");
        assertEquals("NAME_TAKEN", refused.path("error").path("code").asText(), refused.toString());
        eventually("the refused claim's invocation is counted", () -> aws.usage().invocations() == 5);
        assertTrue(aws.usage().minus(before).writeUnits() >= 1, "a refused claim writes too: " + aws.usage());
        assertEquals(0, aws.usage().connectionMillis(), "no connection has closed yet");

        // a keep-alive: API Gateway's mock answers it, two messages and no invocation
        before = aws.usage();
        a.send("{\"action\":\"keepalive\"}");
        assertEquals(a.id(), MAPPER.readTree(a.next()).path("id").asText());
        Usage keptAlive = aws.usage().minus(before);
        assertEquals(new Usage(0, 0, 1, 1, 0, 0, 0), keptAlive, "the mock's answer is billed as a message");
      }
      a.close();
      eventually("both connections' time is counted", () -> aws.usage().connectionMillis() > 0);
    }
  }

  @Test
  void requestUnitsAreWhatDynamoDbReportsAndAFailedWriteOrEmptyQueryStillCosts() {
    BillingMeter meter = new BillingMeter();
    try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(dynalite.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new DynamoCapacityMeter(meter)))
        .build()) {
      TemplateNamesTable.read().create(dynamo, "usage-test");
      assertEquals(new Usage(0, 0, 0, 0, 0, 0, 0), meter.usage(), "creating the table is not counted");
      Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("name:billing"),
          "sk", AttributeValue.fromS("holder"));
      Map<String, AttributeValue> item = new java.util.HashMap<>(key);
      item.put("data", AttributeValue.fromS("x".repeat(1500)));
      PutItemRequest put = PutItemRequest.builder().tableName("usage-test").item(item)
          .conditionExpression("attribute_not_exists(pk)").build();
      dynamo.putItem(put);
      assertEquals(2, meter.usage().writeUnits(), "1.5 KB: two 1 KB write units");
      assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(put));
      assertEquals(3, meter.usage().writeUnits(), "the failed conditional write costs one");
      dynamo.getItem(GetItemRequest.builder().tableName("usage-test").key(key).consistentRead(true).build());
      dynamo.getItem(GetItemRequest.builder().tableName("usage-test").key(key).build());
      assertEquals(1.5, meter.usage().readUnits(), "a consistent read of up to 4 KB is 1, an eventual one 0.5");
      dynamo.query(QueryRequest.builder().tableName("usage-test").keyConditionExpression("pk = :pk")
          .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("group:nobody"))).build());
      assertEquals(2.0, meter.usage().readUnits(), "a query that finds nothing is billed half a read");
    }
  }

  @Test
  void aMessageIsBilledPer32KbStarted() {
    assertEquals(1, BillingMeter.increments(0));
    assertEquals(1, BillingMeter.increments(32 * 1024));
    assertEquals(2, BillingMeter.increments(32 * 1024 + 1));
    assertEquals(4, BillingMeter.increments(128 * 1024));
  }
}
