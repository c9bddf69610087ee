package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks template.yaml against the code and the build: the handlers it names exist, its CodeUri is the zip the
 * build writes, the routes are the protocol's, {@code $connect} needs an API key, the functions may do
 * nothing but {@code execute-api:ManageConnections} (and the relay function item reads and writes on its names
 * table). CloudFormation tags ({@code !Ref}, {@code !Sub}, ...) are read
 * as plain values: this checks structure, not what the tags resolve to.
 */
class TemplateTest {
  private static final Path RELAY = Path.of("").toAbsolutePath();
  private static JsonNode resources;
  private static JsonNode template;

  @BeforeAll
  static void read() throws IOException {
    Path file = RELAY.getParent().resolve("template.yaml");
    template = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    resources = template.get("Resources");
  }

  private static List<JsonNode> ofType(String type) {
    List<JsonNode> found = new ArrayList<>();
    resources.forEach(r -> {
      if (type.equals(r.path("Type").asText())) {
        found.add(r.get("Properties"));
      }
    });
    return found;
  }

  @Test
  void functionsNameExistingHandlersOnACurrentJavaRuntimeWithSnapStart() throws Exception {
    List<JsonNode> functions = ofType("AWS::Serverless::Function");
    Set<String> handlers = new HashSet<>();
    for (JsonNode f : functions) {
      String handler = f.path("Handler").asText();
      assertTrue(handler.endsWith("::handleRequest"), handler);
      Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
      assertTrue(RequestHandler.class.isAssignableFrom(type), handler + " is a RequestHandler");
      type.getConstructor(); // Lambda instantiates it with its public no-argument constructor
      handlers.add(type.getSimpleName());
      assertEquals("java25", f.path("Runtime").asText(), "a managed Java runtime AWS still creates (cfn-lint E2533)");
      assertEquals("PublishedVersions", f.path("SnapStart").path("ApplyOn").asText());
      assertFalse(f.path("AutoPublishAlias").asText().isEmpty(), "SnapStart needs a published version");
      // RetryPolicy's written budget: a frame costs at most two posts in a row, each within worstCase()
      java.time.Duration twoPosts = RetryPolicy.DEFAULT.worstCase().multipliedBy(2).plus(QueueHandler.DEADLINE_MARGIN);
      assertTrue(twoPosts.compareTo(java.time.Duration.ofSeconds(f.path("Timeout").asInt())) < 0,
          handler + ": two posts (" + twoPosts + ") must fit well inside the function's Timeout");
      // FanOutPool's written budget: posts start within its budget, the last ends within worstCase(), then the report
      java.time.Duration fanOut = FanOutPool.DEFAULT_BUDGET.plus(twoPosts);
      assertTrue(fanOut.compareTo(java.time.Duration.ofSeconds(f.path("Timeout").asInt())) < 0,
          handler + ": a fan-out (" + fanOut + ") must fit inside the function's Timeout");
    }
    assertEquals(Set.of("WebSocketHandler", "QueueHandler"), handlers);
  }

  @Test
  void codeUriIsTheZipTheAssemblyWrites() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(RELAY.resolve("pom.xml").toFile());
    Element project = pom.getDocumentElement();
    String artifactId = child(project, "artifactId");
    String version = child((Element) project.getElementsByTagName("parent").item(0), "version");
    Document assembly = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(RELAY.resolve("src/assembly/lambda-zip.xml").toFile());
    String id = child(assembly.getDocumentElement(), "id");
    // a .zip: `sam build` copies it as it is; a .jar it would take for a source folder ("Not a directory")
    String zip = "relay-aws/target/" + artifactId + "-" + version + "-" + id + ".zip";
    for (JsonNode f : ofType("AWS::Serverless::Function")) {
      assertEquals(zip, f.path("CodeUri").asText());
    }
  }

  @Test
  void webSocketApiHasTheProtocolsRoutesAndConnectNeedsAnApiKey() {
    JsonNode api = ofType("AWS::ApiGatewayV2::Api").get(0);
    assertEquals("WEBSOCKET", api.path("ProtocolType").asText());
    assertEquals("$request.body.action", api.path("RouteSelectionExpression").asText());
    Map<String, Boolean> keyRequired = new java.util.HashMap<>();
    for (JsonNode route : ofType("AWS::ApiGatewayV2::Route")) {
      keyRequired.put(route.path("RouteKey").asText(), route.path("ApiKeyRequired").asBoolean(false));
      String key = route.path("RouteKey").asText();
      // $connect and keepalive are mocked (no Lambda invocation); $disconnect releases names in the function.
      // TemplateExpansionTest checks the expansion
      String integration = key.equals("$connect") ? "ConnectionIntegration"
          : key.equals(dev.monologue.wire.Action.KEEPALIVE.wire()) ? "KeepAliveIntegration" : "RelayIntegration";
      assertEquals("integrations/${" + integration + "}", route.path("Target").asText(), key);
    }
    assertEquals(Set.of("$connect", "$disconnect", "$default", "whoami", "loopback", "sendmessage", "keepalive"),
        keyRequired.keySet());
    assertTrue(keyRequired.get("$connect"));
    assertEquals(Set.of("$connect"), Set.copyOf(keyRequired.entrySet().stream()
        .filter(Map.Entry::getValue).map(Map.Entry::getKey).toList()), "the key is checked once, on $connect");
    assertEquals("AWS_PROXY", resources.path("RelayIntegration").path("Properties").path("IntegrationType").asText());
    assertEquals("MOCK", resources.path("ConnectionIntegration").path("Properties").path("IntegrationType").asText());
    assertEquals("MOCK", resources.path("KeepAliveIntegration").path("Properties").path("IntegrationType").asText());
    JsonNode stage = ofType("AWS::ApiGatewayV2::Stage").get(0);
    assertTrue(stage.path("AutoDeploy").asBoolean());
    JsonNode plan = ofType("AWS::ApiGateway::UsagePlan").get(0);
    assertEquals("WebSocketApi", plan.path("ApiStages").get(0).path("ApiId").asText());
    assertEquals(1, ofType("AWS::ApiGateway::UsagePlanKey").size());
    assertEquals(1, ofType("AWS::ApiGateway::ApiKey").size());
  }

  private static final Pattern CONNECTIONS = Pattern.compile("arn:\\$\\{AWS::Partition}:execute-api:\\$\\{AWS::Region}:"
      + "\\$\\{AWS::AccountId}:\\$\\{WebSocketApi}/\\$\\{Stage}/([A-Z]+)/@connections/\\*");

  @Test
  void functionsMayOnlyManageConnectionsOfThisApiAndTheRelayItsNames() {
    for (Map.Entry<String, JsonNode> e : resources.properties()) {
      if (!e.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
        continue;
      }
      JsonNode policies = e.getValue().path("Properties").path("Policies");
      assertEquals(1, policies.size(), "one inline policy");
      JsonNode statements = policies.get(0).path("Statement");
      boolean relay = e.getKey().equals("RelayFunction");
      assertEquals(relay ? 2 : 1, statements.size(), e.getKey());
      JsonNode s = statements.get(0);
      assertEquals("Allow", s.path("Effect").asText());
      assertEquals("execute-api:ManageConnections", s.path("Action").asText());
      List<String> methods = new ArrayList<>();
      JsonNode arns = s.path("Resource");
      for (JsonNode r : arns.isArray() ? arns : List.of(arns)) {
        Matcher m = CONNECTIONS.matcher(r.asText());
        assertTrue(m.matches(), r.asText());
        methods.add(m.group(1));
      }
      // GET is the relay's probe and name recovery; DELETE closes a holder whose lease lapsed; the queue only posts
      assertEquals(relay ? List.of("POST", "GET", "DELETE") : List.of("POST"), methods, e.getKey());
      if (relay) {
        // names: item reads and writes on the names table only; no Scan, no table or TTL changes
        JsonNode names = statements.get(1);
        assertEquals("Allow", names.path("Effect").asText());
        List<String> actions = new ArrayList<>();
        names.path("Action").forEach(a -> actions.add(a.asText()));
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:Query"),
            actions);
        assertEquals("NamesTable.Arn", names.path("Resource").asText());
      }
    }
  }

  @Test
  void namesTableIsOnDemandWithTtlAndReachesOnlyTheRelay() {
    JsonNode table = resources.path("NamesTable");
    assertEquals("AWS::DynamoDB::Table", table.path("Type").asText());
    JsonNode p = table.path("Properties");
    assertEquals("PAY_PER_REQUEST", p.path("BillingMode").asText());
    assertTrue(p.path("TimeToLiveSpecification").path("Enabled").asBoolean());
    assertEquals(DynamoNameRegistry.EXPIRES_AT, p.path("TimeToLiveSpecification").path("AttributeName").asText());
    assertEquals("NamesTable", resources.path("RelayFunction").path("Properties").path("Environment")
        .path("Variables").path(DynamoNameRegistry.TABLE_VARIABLE).asText());
    assertTrue(resources.path("QueueFunction").path("Properties").path("Environment").path("Variables")
        .path(DynamoNameRegistry.TABLE_VARIABLE).isMissingNode());
  }

  @Test
  void queueFeedsTheQueueFunctionWithPartialBatchFailuresAndADeadLetterQueue() {
    JsonNode queueFunction = resources.path("QueueFunction").path("Properties");
    JsonNode sqs = queueFunction.path("Events").path("Ingress");
    assertEquals("SQS", sqs.path("Type").asText());
    assertEquals("ReportBatchItemFailures", sqs.path("Properties").path("FunctionResponseTypes").get(0).asText());
    assertEquals("IngressQueue.Arn", sqs.path("Properties").path("Queue").asText());
    assertTrue(queueFunction.path("Environment").path("Variables").has(ManagementSettings.ENDPOINT_VARIABLE));
    JsonNode redrive = resources.path("IngressQueue").path("Properties").path("RedrivePolicy");
    assertEquals("IngressDeadLetterQueue.Arn", redrive.path("deadLetterTargetArn").asText());
  }

  @Test
  void stageParameterAndOutputs() {
    List<String> allowed = new ArrayList<>();
    template.path("Parameters").path("Stage").path("AllowedValues").forEach(v -> allowed.add(v.asText()));
    assertEquals(List.of("prod", "test"), allowed);
    JsonNode outputs = template.path("Outputs");
    assertTrue(outputs.path("WebSocketEndpoint").path("Value").asText().startsWith("wss://"));
    assertEquals("ApiKey", outputs.path("ApiKeyId").path("Value").asText());
    assertEquals("IngressQueue", outputs.path("IngressQueueUrl").path("Value").asText());
  }

  private static String child(Element parent, String name) {
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }
}
