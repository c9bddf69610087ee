package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monologue.relay.aws.ManagementSettings;
import dev.monologue.relay.aws.QueueHandler;
import dev.monologue.relay.aws.RetryPolicy;
import dev.monologue.relay.aws.WebSocketHandler;
import dev.monologue.standin.crac.Core;
import dev.monologue.testsupport.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Both handlers, configured with a management endpoint as template.yaml configures them, run their
 * {@code @connections} client's whole request path before a SnapStart snapshot: one signed request reaches the
 * management API, touching no connection. The constructors Lambda calls register the hooks with the runtime.
 */
class SnapStartHooksTest {
  private AwsStandIn aws;
  private ManagementSettings settings;

  @BeforeEach
  void start() {
    aws = AwsStandIn.builder().start();
    settings = new ManagementSettings(aws.managementEndpoint(), Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")), RetryPolicy.DEFAULT);
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private void assertPrimedOnce(Resource hooks) throws Exception {
    aws.clearManagementRequests();
    hooks.beforeCheckpoint(null);
    List<ManagementRequest> requests = aws.managementRequests();
    assertEquals(1, requests.size(), "one priming request: " + requests);
    ManagementRequest r = requests.get(0);
    assertEquals("POST", r.method());
    assertEquals("/test/@connections/primingPrimingA%3D", r.path());
    assertEquals(410, r.status(), "a well-formed ID that no connection has");
  }

  @Test
  void webSocketHandlerPrimesItsClientBeforeTheSnapshot() throws Exception {
    assertPrimedOnce(new WebSocketHandler(settings).snapStartHooks());
  }

  @Test
  void queueHandlerPrimesItsClientBeforeTheSnapshot() throws Exception {
    assertPrimedOnce(new QueueHandler(settings).snapStartHooks());
  }

  @Test
  void theConstructorsLambdaCallsRegisterBothHandlersForTheSnapshotHooks() throws Exception {
    aws.clearManagementRequests();
    // a JVM of its own, whose org.crac hands registrations to a runtime the test drives (org.crac does nothing on
    // a JVM without CRaC, such as this one)
    try (ChildJvm child = ChildJvm.builder(SnapStartChild.class)
        .jvmOptions("-Dorg.crac.Core.Compat=" + Core.class.getPackageName())
        .environment(ManagementSettings.ENDPOINT_VARIABLE, aws.managementEndpoint().toString())
        .environment("AWS_REGION", "us-east-1")
        .environment("AWS_ACCESS_KEY_ID", "AKIDTEST")
        .environment("AWS_SECRET_ACCESS_KEY", "secret")
        .start()) {
      Matcher restored = child.awaitLine(Pattern.compile("restored (\\d+) resources"), Duration.ofSeconds(60));
      assertEquals("2", restored.group(1), "both handlers registered:\n" + child.output());
    }
    List<String> requests = aws.managementRequests().stream()
        .map(r -> r.method() + " " + r.path() + " " + r.status()).toList();
    String priming = "POST /test/@connections/primingPrimingA%3D 410";
    assertEquals(List.of(priming, priming), requests, "each handler primed its client through the hook it registered");
  }
}
