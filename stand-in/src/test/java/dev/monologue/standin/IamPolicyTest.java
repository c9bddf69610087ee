package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.standin.IamPolicy.Decision;
import dev.monologue.standin.PolicyStatement.Effect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IAM's evaluation of an identity policy as the stand-in models it. */
class IamPolicyTest {
  private static final String API = "arn:aws:execute-api:us-east-1:123456789012:abc123/test/";

  private static PolicyStatement allow(String action, String resource) {
    return new PolicyStatement(Effect.ALLOW, List.of(action), List.of(resource));
  }

  @Test
  void aStarMatchesAnyRunAcrossSlashesAndColonsAndAQuestionMarkExactlyOneCharacter() {
    assertTrue(IamWildcard.matches(API + "POST/@connections/*", API + "POST/@connections/AbC=", false));
    assertTrue(IamWildcard.matches("arn:aws:execute-api:*:*:abc123/*", API + "GET/@connections/x/y", false));
    assertTrue(IamWildcard.matches("*", "", false));
    assertTrue(IamWildcard.matches("a*b*c", "aXXbYYbc", false), "backtracks to the last star");
    assertFalse(IamWildcard.matches(API + "POST/@connections/*", API + "GET/@connections/AbC=", false));
    assertTrue(IamWildcard.matches(API + "?ET/*", API + "GET/@connections/x", false));
    assertFalse(IamWildcard.matches(API + "?ET/*", API + "POST/@connections/x", false));
    assertFalse(IamWildcard.matches("table/t?", "table/t", false), "? needs a character");
    assertFalse(IamWildcard.matches("table/t", "table/t2", false), "no star: the whole value");
  }

  @Test
  void actionsCompareIgnoringCaseAndResourcesExactly() {
    PolicyStatement s = allow("DynamoDB:getitem", "arn:aws:dynamodb:us-east-1:123456789012:table/Names");
    assertTrue(s.covers("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Names"));
    assertFalse(s.covers("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/names"));
    assertTrue(allow("dynamodb:*Item", "*").covers("dynamodb:PutItem", "anything"));
    assertFalse(allow("dynamodb:*Item", "*").covers("dynamodb:Query", "anything"));
  }

  @Test
  void anExplicitDenyWinsAndWithoutAnAllowingStatementTheAnswerIsDeny() {
    IamPolicy policy = new IamPolicy(List.of(
        allow("execute-api:*", API + "*"),
        new PolicyStatement(Effect.DENY, List.of("execute-api:ManageConnections"), List.of(API + "DELETE/*"))));
    assertEquals(Decision.ALLOWED, policy.decide("execute-api:ManageConnections", API + "GET/@connections/x"));
    assertEquals(Decision.EXPLICITLY_DENIED, policy.decide("execute-api:ManageConnections",
        API + "DELETE/@connections/x"));
    assertEquals(Decision.IMPLICITLY_DENIED, policy.decide("dynamodb:GetItem", API + "GET/@connections/x"));
    assertEquals(Decision.IMPLICITLY_DENIED, new IamPolicy(List.of()).decide("execute-api:Invoke", "*"),
        "no statement: denied");
  }

  @Test
  void aStatementNeedsAnActionAndAResource() {
    assertThrows(IllegalArgumentException.class, () -> new PolicyStatement(Effect.ALLOW, List.of(), List.of("*")));
    assertThrows(IllegalArgumentException.class, () -> new PolicyStatement(Effect.ALLOW, List.of("s3:*"), List.of()));
  }
}
