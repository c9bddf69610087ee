package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.relay.aws.ManagementSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml as CloudFormation will see it: the SAM transform expanded by AWS's own translator
 * ({@code scripts/sam-expand.py}, the {@code samtranslator} package that comes with cfn-lint), then checked resource
 * by resource. Skipped, saying why, only where python3 or samtranslator is missing; CI runs the expansion first
 * ({@code scripts/lint-template.sh}), so there it always runs.
 */
class TemplateExpansionTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  /** The ARN of this API's stage's {@code @connections} calls with HTTP method {@code method}. */
  private static String connectionsArn(String method) {
    return "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebSocketApi}/${Stage}/" + method
        + "/@connections/*";
  }
  private static final String MANAGEMENT_ENDPOINT =
      "https://${WebSocketApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}";

  private static JsonNode template;
  private static JsonNode resources;

  @BeforeAll
  static void expand() throws IOException, InterruptedException {
    Assumptions.assumeTrue(python("-c", "import samtranslator").exitCode == 0,
        "python3 with the samtranslator package (it comes with cfn-lint) is not installed: the SAM expansion of"
            + " template.yaml is not checked here");
    Result r = python(ROOT.resolve("scripts/sam-expand.py").toString(), ROOT.resolve("template.yaml").toString());
    assertEquals(0, r.exitCode, "scripts/sam-expand.py failed:\n" + r.output);
    template = new ObjectMapper().readTree(r.output);
    resources = template.path("Resources");
  }

  private record Result(int exitCode, String output) {}

  private static Result python(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(false).start();
    } catch (IOException e) {
      return new Result(-1, "python3 not found: " + e.getMessage()); // no python3 on PATH
    }
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("python3 " + args[0] + " did not finish within 60 s");
    }
    return new Result(p.exitValue(), p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : err);
  }

  private static Map<String, JsonNode> ofType(String type) {
    Map<String, JsonNode> found = new HashMap<>();
    resources.fields().forEachRemaining(e -> {
      if (type.equals(e.getValue().path("Type").asText())) {
        found.put(e.getKey(), e.getValue().path("Properties"));
      }
    });
    return found;
  }

  /** The resource name in {@code {"Ref": name}}, failing with {@code what} otherwise. */
  private static String ref(JsonNode node, String what) {
    assertTrue(node.has("Ref"), what + " should be a Ref, was " + node);
    return node.path("Ref").asText();
  }

  private static String typeOf(String resource) {
    return resources.path(resource).path("Type").asText();
  }

  @Test
  void everyRouteHasAnIntegrationAndOnlyConnectIsMocked() {
    Map<String, String> integrationType = new HashMap<>();
    for (Map.Entry<String, JsonNode> route : ofType("AWS::ApiGatewayV2::Route").entrySet()) {
      JsonNode r = route.getValue();
      assertEquals("WebSocketApi", ref(r.path("ApiId"), route.getKey() + ".ApiId"));
      String target = r.path("Target").path("Fn::Sub").asText();
      assertTrue(target.matches("integrations/\\$\\{\\w+}"), route.getKey() + " has no integration target: " + r);
      String integration = target.substring("integrations/${".length(), target.length() - 1);
      assertEquals("AWS::ApiGatewayV2::Integration", typeOf(integration), route.getKey() + " targets " + integration);
      JsonNode i = resources.path(integration).path("Properties");
      assertEquals("WebSocketApi", ref(i.path("ApiId"), integration + ".ApiId"));
      integrationType.put(r.path("RouteKey").asText(), i.path("IntegrationType").asText());
    }
    assertEquals(Set.of("$connect", "$disconnect", "$default", "whoami", "loopback", "sendmessage", "keepalive"),
        integrationType.keySet());
    Set<String> mocked = new HashSet<>();
    integrationType.forEach((route, type) -> {
      if (type.equals("MOCK")) {
        mocked.add(route);
      } else {
        assertEquals("AWS_PROXY", type, route);
      }
    });
    assertEquals(Set.of("$connect", "keepalive"), mocked,
        "no Lambda invocation in the handshake nor for a keep-alive; $disconnect releases names");
    assertEquals(mocked, ApiGatewayStandIn.MOCKED_ROUTES, "the stand-in invokes the handler where AWS would");
    assertEquals(mocked, TemplateMockRoutes.read().routeKeys(), "the stand-in reads its mocks from the template");
  }

  @Test
  void theKeepAliveRouteIsTwoWayAndItsMockAnswersWithTheTemplatesResponse() {
    Map.Entry<String, JsonNode> route = ofType("AWS::ApiGatewayV2::Route").entrySet().stream()
        .filter(r -> r.getValue().path("RouteKey").asText().equals("keepalive")).findFirst().orElseThrow();
    assertEquals("$default", route.getValue().path("RouteResponseSelectionExpression").asText(),
        "two-way: API Gateway sends the integration's response back");
    JsonNode routeResponse = ofType("AWS::ApiGatewayV2::RouteResponse").values().stream()
        .filter(r -> ref(r.path("RouteId"), "RouteId").equals(route.getKey())).findFirst().orElseThrow();
    assertEquals("$default", routeResponse.path("RouteResponseKey").asText());
    String target = route.getValue().path("Target").path("Fn::Sub").asText();
    String integration = target.substring("integrations/${".length(), target.length() - 1);
    JsonNode response = ofType("AWS::ApiGatewayV2::IntegrationResponse").values().stream()
        .filter(r -> ref(r.path("IntegrationId"), "IntegrationId").equals(integration)).findFirst().orElseThrow();
    assertEquals("$default", response.path("IntegrationResponseKey").asText());
    String template = response.path("ResponseTemplates").path("$default").asText();
    // the answer the client reads, rendered as the stand-in renders it for the local relay's kind of ID
    String rendered = TemplateMockRoutes.read().answer("keepalive",
        Map.of("connectionId", "Ab1Cd2Ef3Gh4Ij=", "requestTimeEpoch", "1767225600000"));
    assertEquals("Ab1Cd2Ef3Gh4Ij=", dev.monologue.wire.KeepAliveAnswer.connectionId(rendered), rendered);
    assertEquals(dev.monologue.wire.KeepAliveAnswer.write("Ab1Cd2Ef3Gh4Ij=", 1767225600000L), rendered,
        "what the local relay's router answers: " + template);
  }

  @Test
  void apiGatewayInvokesTheAliasThatSnapStartPublishes() {
    Map<String, JsonNode> permissions = ofType("AWS::Lambda::Permission");
    assertEquals(1, permissions.size(), "one invoke permission, for the relay function: " + permissions.keySet());
    JsonNode permission = permissions.values().iterator().next();
    assertEquals("apigateway.amazonaws.com", permission.path("Principal").asText());
    assertEquals("lambda:InvokeFunction", permission.path("Action").asText());
    assertEquals("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebSocketApi}/*",
        permission.path("SourceArn").path("Fn::Sub").asText(), "only this API may invoke it");
    String alias = ref(permission.path("FunctionName"), "the permission's FunctionName");
    assertEquals("AWS::Lambda::Alias", typeOf(alias), "the permission must name the alias, not the function");
    JsonNode a = resources.path(alias).path("Properties");
    assertEquals("RelayFunction", ref(a.path("FunctionName"), alias + ".FunctionName"));
    String version = a.path("FunctionVersion").path("Fn::GetAtt").path(0).asText();
    assertEquals("AWS::Lambda::Version", typeOf(version), alias + " points at a published version");
    assertEquals("PublishedVersions",
        resources.path("RelayFunction").path("Properties").path("SnapStart").path("ApplyOn").asText());
    // the integration invokes that same alias
    JsonNode uri = resources.path("RelayIntegration").path("Properties").path("IntegrationUri").path("Fn::Sub");
    assertEquals(alias, ref(uri.path(1).path("FunctionArn"), "RelayIntegration's FunctionArn"));
  }

  @Test
  void functionsMayPostToThisApisStagesConnectionsTheRelayGetThemAndUseItsNamesTable() {
    Map<String, JsonNode> functions = ofType("AWS::Lambda::Function");
    assertEquals(Set.of("RelayFunction", "QueueFunction"), functions.keySet());
    functions.forEach((name, f) -> {
      String role = f.path("Role").path("Fn::GetAtt").path(0).asText();
      assertEquals("AWS::IAM::Role", typeOf(role), name);
      JsonNode policies = resources.path(role).path("Properties").path("Policies");
      assertEquals(1, policies.size(), name + ": one inline policy");
      JsonNode statements = policies.get(0).path("PolicyDocument").path("Statement");
      boolean relay = name.equals("RelayFunction");
      assertEquals(relay ? 2 : 1, statements.size(), name);
      if (relay) {
        // and item reads and writes on its names table, nothing else of DynamoDB
        JsonNode names = statements.get(1);
        assertEquals("Allow", names.path("Effect").asText());
        assertEquals("[\"dynamodb:GetItem\",\"dynamodb:PutItem\",\"dynamodb:UpdateItem\",\"dynamodb:DeleteItem\",\"dynamodb:Query\"]",
            names.path("Action").toString());
        assertEquals("NamesTable", names.path("Resource").path("Fn::GetAtt").path(0).asText());
        assertEquals("AWS::DynamoDB::Table", typeOf("NamesTable"));
      }
      JsonNode s = statements.get(0);
      assertEquals("Allow", s.path("Effect").asText());
      assertEquals("execute-api:ManageConnections", s.path("Action").asText());
      List<String> arns = new ArrayList<>();
      JsonNode resource = s.path("Resource");
      (resource.isArray() ? resource : List.of(resource)).forEach(r -> arns.add(r.path("Fn::Sub").asText()));
      // the relay GETs a connection to probe it and DELETEs one whose lease lapsed; the queue function only posts
      // (its SnapStart priming too)
      assertEquals(relay ? List.of(connectionsArn("POST"), connectionsArn("GET"), connectionsArn("DELETE"))
          : List.of(connectionsArn("POST")), arns, name);
      assertEquals(MANAGEMENT_ENDPOINT, f.path("Environment").path("Variables")
          .path(ManagementSettings.ENDPOINT_VARIABLE).path("Fn::Sub").asText(), name + " is told its endpoint");
    });
  }

  @Test
  void queueMappingReportsBatchItemFailuresToTheQueueFunctionsAlias() {
    Map<String, JsonNode> mappings = ofType("AWS::Lambda::EventSourceMapping");
    assertEquals(1, mappings.size());
    JsonNode m = mappings.values().iterator().next();
    List<String> types = new ArrayList<>();
    m.path("FunctionResponseTypes").forEach(t -> types.add(t.asText()));
    assertEquals(List.of("ReportBatchItemFailures"), types);
    assertEquals("IngressQueue", m.path("EventSourceArn").path("Fn::GetAtt").path(0).asText());
    String alias = ref(m.path("FunctionName"), "the mapping's FunctionName");
    assertEquals("AWS::Lambda::Alias", typeOf(alias));
    assertEquals("QueueFunction", ref(resources.path(alias).path("Properties").path("FunctionName"), alias));
  }

  @Test
  void throttlingComesFromParametersWithDocumentedDefaults() throws IOException {
    JsonNode parameters = template.path("Parameters");
    JsonNode stage = ofType("AWS::ApiGatewayV2::Stage").values().iterator().next().path("DefaultRouteSettings");
    JsonNode plan = ofType("AWS::ApiGateway::UsagePlan").values().iterator().next().path("Throttle");
    assertEquals("ThrottlingRateLimit", ref(stage.path("ThrottlingRateLimit"), "stage rate"));
    assertEquals("ThrottlingBurstLimit", ref(stage.path("ThrottlingBurstLimit"), "stage burst"));
    assertEquals("ThrottlingRateLimit", ref(plan.path("RateLimit"), "usage plan rate"));
    assertEquals("ThrottlingBurstLimit", ref(plan.path("BurstLimit"), "usage plan burst"));
    String readme = Files.readString(ROOT.resolve("docs/aws.md"));
    for (String p : List.of("ThrottlingRateLimit", "ThrottlingBurstLimit")) {
      String value = parameters.path(p).path("Default").asText();
      assertTrue(readme.contains("`" + p + "` (default " + value), "docs/aws.md states " + p + "'s default " + value);
    }
  }

  @Test
  void eachFunctionLogsToItsOwnGroupWithARetention() {
    Map<String, JsonNode> functions = ofType("AWS::Lambda::Function");
    Set<String> groups = new HashSet<>();
    functions.forEach((name, f) -> {
      JsonNode logging = f.path("LoggingConfig");
      String group = ref(logging.path("LogGroup"), name + ".LoggingConfig.LogGroup");
      assertEquals("AWS::Logs::LogGroup", typeOf(group), name);
      assertEquals("Text", logging.path("LogFormat").asText(), name + ": slf4j-simple's lines, as they are");
      JsonNode g = resources.path(group).path("Properties");
      // the name Lambda would give the group itself: /aws/lambda/<FunctionName>
      assertEquals("/aws/lambda/" + f.path("FunctionName").path("Fn::Sub").asText(),
          g.path("LogGroupName").path("Fn::Sub").asText(), group);
      assertEquals("LogRetentionDays", ref(g.path("RetentionInDays"), group + ".RetentionInDays"));
      assertEquals("Delete", resources.path(group).path("DeletionPolicy").asText(), group + " goes with the stack");
      groups.add(group);
    });
    assertEquals(2, groups.size(), "a group per function: " + groups);
  }

  @Test
  void aMessageInTheDeadLetterQueueRaisesAnAlarmOnATopicThatCanMail() {
    Map<String, JsonNode> alarms = ofType("AWS::CloudWatch::Alarm");
    assertEquals(Set.of("DeadLetterAlarm"), alarms.keySet());
    JsonNode a = alarms.get("DeadLetterAlarm");
    assertEquals("AWS/SQS", a.path("Namespace").asText());
    assertEquals("ApproximateNumberOfMessagesVisible", a.path("MetricName").asText());
    assertEquals("QueueName", a.path("Dimensions").get(0).path("Name").asText());
    assertEquals("[\"IngressDeadLetterQueue\",\"QueueName\"]",
        a.path("Dimensions").get(0).path("Value").path("Fn::GetAtt").toString());
    assertEquals("GreaterThanThreshold", a.path("ComparisonOperator").asText());
    assertEquals(0, a.path("Threshold").asInt());
    assertEquals("notBreaching", a.path("TreatMissingData").asText(), "an empty queue sends no data points");
    String topic = ref(a.path("AlarmActions").get(0), "the alarm's action");
    assertEquals("AWS::SNS::Topic", typeOf(topic));
    JsonNode mail = resources.path("AlarmMail");
    assertEquals("MailAlarms", mail.path("Condition").asText(), "a subscription only when AlarmEmail is set");
    assertEquals(topic, ref(mail.path("Properties").path("TopicArn"), "AlarmMail.TopicArn"));
    assertEquals("AlarmEmail", ref(mail.path("Properties").path("Endpoint"), "AlarmMail.Endpoint"));
    assertEquals("", template.path("Parameters").path("AlarmEmail").path("Default").asText(), "mail is opt-in");
    assertEquals(topic, ref(template.path("Outputs").path("AlarmTopicArn").path("Value"), "AlarmTopicArn"));
  }
}
