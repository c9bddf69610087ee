package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * template.yaml's IAM policies as the stand-in enforces them: each function may make the {@code @connections} calls
 * its code makes, and no other.
 */
class AwsStandInIamTest {
  private static final String UNKNOWN = "AAAAAAAAAAAAAAA=";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;

  /** A management API client signing as {@code function} does. */
  private static ApiGatewayManagementApiClient signingAs(AwsStandIn aws, String function) {
    return ApiGatewayManagementApiClient.builder()
        .endpointOverride(aws.managementEndpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(aws.roles().role(function).credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** template.yaml with {@code from} (which must occur in it) replaced by {@code to}. */
  private Path templateWith(String from, String to) throws IOException {
    String yaml = Files.readString(CfnYaml.findTemplate());
    assertTrue(yaml.contains(from), "template.yaml has no '" + from + "'");
    Path t = dir.resolve("template.yaml");
    Files.writeString(t, yaml.replace(from, to));
    return t;
  }

  private static JsonNode payload(String frame) throws IOException {
    return MAPPER.readTree(frame).get("payload");
  }

  @Test
  void withoutGetInItsPolicyTheRelaysProbeIsRefusedAsOnAwsAndTheCallerToldToRetry() throws Exception {
    Path postOnly = templateWith("                - !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:"
        + "${AWS::AccountId}:${WebSocketApi}/${Stage}/GET/@connections/*\n", "");
    try (AwsStandIn aws = AwsStandIn.builder().template(postOnly).start();
        TestClient a = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient b = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        ApiGatewayManagementApiClient relay = signingAs(aws, FunctionRoles.RELAY)) {
      a.id();
      String bId = b.id();
      aws.clearManagementRequests();
      a.send("{\"action\":\"probe\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"p1\"}}");
      JsonNode answer = payload(a.next());
      assertEquals("THROTTLED", answer.path("error").path("code").asText(),
          "the handler could not tell, as on AWS with this policy: " + answer);
      assertEquals(List.of("GET 403 ForbiddenException"), aws.managementRequests().stream()
          .filter(r -> r.method().equals("GET")).map(r -> r.method() + " " + r.status() + " " + r.errorType())
          .toList());
      ForbiddenException e = assertThrows(ForbiddenException.class,
          () -> relay.getConnection(r -> r.connectionId(bId)));
      assertTrue(e.awsErrorDetails().errorMessage().endsWith("/monologue-test-relay is not authorized to perform:"
          + " execute-api:ManageConnections on resource: arn:aws:execute-api:us-east-1:123456789012:" + aws.apiId()
          + "/test/GET/@connections/" + bId), e.awsErrorDetails().errorMessage());
    }
  }

  @Test
  void aDynamoDbActionOutsideThePolicyMakesNamesUnavailableNamingThePermission() throws Exception {
    Path noPut = templateWith(
        "Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query]",
        "Action: [dynamodb:GetItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:Query]");
    try (Dynalite dynalite = Dynalite.start();
        AwsStandIn aws = AwsStandIn.builder().template(noPut).namesTable(dynalite.endpoint()).start();
        TestClient c = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      c.send("{\"action\":\"claim\",\"name\":\"billing\",\"payload\":{\"token\":\"c\"}}");
      JsonNode error = payload(c.next()).path("error");
      assertEquals("NAMES_UNAVAILABLE", error.path("code").asText(), error.toString());
      assertEquals("the relay is not allowed dynamodb:PutItem on its names table (a deployment error, in its IAM"
          + " policy): names and groups are unavailable until it is fixed", error.path("message").asText());
      c.send("{\"action\":\"members\",\"group\":\"workers\",\"payload\":{\"token\":\"m\"}}");
      JsonNode members = payload(c.next());
      assertEquals("ACK", members.path("type").asText(), "what the policy allows still works: " + members);
    }
  }

  @Test
  void neitherFunctionsPrimingBeforeTheSnapshotIsRefusedByItsPolicy() {
    try (AwsStandIn aws = AwsStandIn.builder().start()) {
      // start() runs both handlers' SnapStart priming, each signing as its own function
      List<ManagementRequest> priming = aws.managementRequests();
      assertEquals(2, priming.size(), "one priming request per function: " + priming);
      for (ManagementRequest r : priming) {
        assertEquals(410, r.status(), "primed on a connection that does not exist, and allowed: " + r);
      }
    }
  }

  @Test
  void theRelayFunctionMayPostGetAndDeleteAndTheQueueFunctionOnlyPost() {
    try (AwsStandIn aws = AwsStandIn.builder().start();
        ApiGatewayManagementApiClient relay = signingAs(aws, FunctionRoles.RELAY);
        ApiGatewayManagementApiClient queue = signingAs(aws, FunctionRoles.QUEUE)) {
      SdkBytes data = SdkBytes.fromUtf8String("{}");
      assertThrows(GoneException.class, () -> relay.postToConnection(r -> r.connectionId(UNKNOWN).data(data)));
      assertThrows(GoneException.class, () -> relay.getConnection(r -> r.connectionId(UNKNOWN)),
          "the relay's probe and name recovery GET a connection");
      assertThrows(GoneException.class, () -> relay.deleteConnection(r -> r.connectionId(UNKNOWN)),
          "the relay closes a holder whose lease lapsed");
      assertThrows(GoneException.class, () -> queue.postToConnection(r -> r.connectionId(UNKNOWN).data(data)));
      assertThrows(ForbiddenException.class, () -> queue.deleteConnection(r -> r.connectionId(UNKNOWN)),
          "the queue function never closes a connection");
      ForbiddenException get = assertThrows(ForbiddenException.class,
          () -> queue.getConnection(r -> r.connectionId(UNKNOWN)), "the queue function only posts");
      assertEquals("User: arn:aws:sts::123456789012:assumed-role/monologue-test-QueueFunctionRole/monologue-test-queue"
          + " is not authorized to perform: execute-api:ManageConnections on resource: arn:aws:execute-api:us-east-1:"
          + "123456789012:" + aws.apiId() + "/test/GET/@connections/" + UNKNOWN, get.awsErrorDetails().errorMessage());
      assertEquals(403, get.statusCode());
      assertFalse(aws.managementRequests().isEmpty());
    }
  }
}
