package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
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

  /** A management API client signing as {@code function} does. */
  private static ApiGatewayManagementApiClient signingAs(AwsStandIn aws, String function) {
    return ApiGatewayManagementApiClient.builder()
        .endpointOverride(aws.managementEndpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(aws.roles().role(function).credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
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
  void theRelayFunctionMayPostAndGetButNotDeleteAndTheQueueFunctionOnlyPost() {
    try (AwsStandIn aws = AwsStandIn.builder().start();
        ApiGatewayManagementApiClient relay = signingAs(aws, FunctionRoles.RELAY);
        ApiGatewayManagementApiClient queue = signingAs(aws, FunctionRoles.QUEUE)) {
      SdkBytes data = SdkBytes.fromUtf8String("{}");
      assertThrows(GoneException.class, () -> relay.postToConnection(r -> r.connectionId(UNKNOWN).data(data)));
      assertThrows(GoneException.class, () -> relay.getConnection(r -> r.connectionId(UNKNOWN)),
          "the relay's probe and name recovery GET a connection");
      assertThrows(ForbiddenException.class, () -> relay.deleteConnection(r -> r.connectionId(UNKNOWN)),
          "the relay never deletes a connection");
      assertThrows(GoneException.class, () -> queue.postToConnection(r -> r.connectionId(UNKNOWN).data(data)));
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
