package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.standin.IamPolicy.Decision;
import dev.monologue.standin.TemplatePolicies.FunctionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The functions' IAM policies as template.yaml writes them, short-form tags resolved for the stand-in. */
class TemplatePoliciesTest {
  private static final TemplateValues VALUES = TemplateValues.standIn("abc123", "test", "names-t");
  private static final String CONNECTIONS = "arn:aws:execute-api:us-east-1:123456789012:abc123/test/";
  private static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/names-t";

  @TempDir
  Path dir;

  private Map<String, FunctionPolicy> read(String yaml) throws IOException {
    Path t = dir.resolve("template.yaml");
    Files.writeString(t, yaml);
    return TemplatePolicies.read(t, VALUES);
  }

  @Test
  void templateYamlsPoliciesResolveToTheStandInsArns() {
    Map<String, FunctionPolicy> functions = TemplatePolicies.read(CfnYaml.findTemplate(), VALUES);
    assertEquals(List.of("RelayFunction", "QueueFunction"), List.copyOf(functions.keySet()));
    FunctionPolicy relay = functions.get("RelayFunction");
    assertEquals("monologue-test-relay", relay.functionName());
    assertEquals(List.of(CONNECTIONS + "POST/@connections/*", CONNECTIONS + "GET/@connections/*",
        CONNECTIONS + "DELETE/@connections/*"), relay.policy().statements().get(0).resources(),
        "!Sub strings resolved, the list form kept");
    assertEquals(List.of(TABLE), relay.policy().statements().get(1).resources(), "!GetAtt NamesTable.Arn");
    assertEquals(Decision.ALLOWED, relay.policy().decide("dynamodb:Query", TABLE));
    assertEquals(Decision.IMPLICITLY_DENIED, relay.policy().decide("dynamodb:Scan", TABLE));
    assertEquals(Decision.ALLOWED, relay.policy().decide("execute-api:ManageConnections",
        CONNECTIONS + "DELETE/@connections/AbC="), "it closes a holder whose lease lapsed");
    assertEquals(Decision.IMPLICITLY_DENIED, relay.policy().decide("execute-api:ManageConnections",
        CONNECTIONS.replace("/test/", "/other/") + "DELETE/@connections/AbC="), "on its own API and stage only");
    FunctionPolicy queue = functions.get("QueueFunction");
    assertEquals("monologue-test-queue", queue.functionName());
    assertEquals(Decision.ALLOWED, queue.policy().decide("execute-api:ManageConnections",
        CONNECTIONS + "POST/@connections/AbC="));
    assertEquals(Decision.IMPLICITLY_DENIED, queue.policy().decide("execute-api:ManageConnections",
        CONNECTIONS + "GET/@connections/AbC="));
    assertEquals(Decision.IMPLICITLY_DENIED, queue.policy().decide("dynamodb:GetItem", TABLE));
  }

  @Test
  void subInItsListFormRefGetAttAndDenyAreRead() throws IOException {
    FunctionPolicy f = read("""
        Resources:
          F:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: !Sub 'fn-${Stage}'
              Policies:
                - Statement:
                    - Effect: Allow
                      Action: [execute-api:*]
                      Resource: !Sub
                        - 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${Stage}/*'
                        - Api: !Ref WebSocketApi
                    - Effect: Deny
                      Action: execute-api:ManageConnections
                      Resource: !Sub '${WebSocketApi}/${!Literal}'
                    - Effect: Allow
                      Action: DYNAMODB:GetItem
                      Resource: [!GetAtt NamesTable.Arn, !Sub '${NamesTable.Arn}/index/*']
        """).get("F");
    assertEquals("fn-test", f.functionName());
    List<PolicyStatement> s = f.policy().statements();
    assertEquals(List.of("arn:aws:execute-api:us-east-1:123456789012:abc123/test/*"), s.get(0).resources());
    assertEquals(PolicyStatement.Effect.DENY, s.get(1).effect());
    assertEquals(List.of("abc123/${Literal}"), s.get(1).resources(), "${!X} is a literal ${X}");
    assertEquals(List.of(TABLE, TABLE + "/index/*"), s.get(2).resources());
    assertEquals(Decision.ALLOWED, f.policy().decide("dynamodb:GetItem", TABLE + "/index/byHolder"));
  }

  @Test
  void whatTheStandInCannotEvaluateIsAnErrorNamingIt() throws IOException {
    String function = """
        Resources:
          F:
            Type: AWS::Serverless::Function
            Properties:
              Policies:
        """;
    IllegalStateException managed = assertThrows(IllegalStateException.class,
        () -> read(function + "        - AWSLambdaBasicExecutionRole\n"));
    assertTrue(managed.getMessage().contains("F.Policies[0]"), managed.getMessage());
    IllegalStateException condition = assertThrows(IllegalStateException.class, () -> read(function + """
                - Statement:
                    - Effect: Allow
                      Action: s3:GetObject
                      Resource: '*'
                      Condition: {Bool: {aws:SecureTransport: true}}
        """));
    assertTrue(condition.getMessage().contains("'Condition'"), condition.getMessage());
    IllegalStateException unknownRef = assertThrows(IllegalStateException.class, () -> read(function + """
                - Statement:
                    - Effect: Allow
                      Action: s3:GetObject
                      Resource: !Sub 'arn:aws:s3:::${Bucket}/*'
        """));
    assertTrue(unknownRef.getMessage().contains("'Bucket'"), unknownRef.getMessage());
  }
}
