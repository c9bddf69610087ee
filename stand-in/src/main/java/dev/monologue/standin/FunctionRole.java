package dev.monologue.standin;

import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The execution role one function of template.yaml runs with in the stand-in: its own access key, so that the
 * services can tell from a request's SigV4 {@code Credential} which function calls, and the policy the template gives
 * it.
 *
 * @param logicalId the function's logical ID in the template, such as {@code RelayFunction}
 * @param functionName its {@code FunctionName}, such as {@code monologue-test-relay}
 * @param accessKeyId the key ID its requests are signed with
 * @param secretKey the secret they are signed with; never logged
 * @param policy what its role may do
 */
record FunctionRole(String logicalId, String functionName, String accessKeyId, String secretKey, IamPolicy policy) {
  FunctionRole {
    Objects.requireNonNull(logicalId, "logicalId == null");
    Objects.requireNonNull(functionName, "functionName == null");
    Objects.requireNonNull(accessKeyId, "accessKeyId == null");
    Objects.requireNonNull(secretKey, "secretKey == null");
    Objects.requireNonNull(policy, "policy == null");
  }

  /** The credentials the function's AWS SDK clients sign with (Lambda hands them to the function). */
  AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretKey));
  }

  /**
   * Who IAM says is calling, as AWS names a Lambda function in an access-denied message: its role (named as SAM
   * names the role it makes, {@code <stack>-<LogicalId>Role}) assumed with the function's name as session.
   */
  String principalArn(String stack) {
    return "arn:aws:sts::" + AwsStandIn.ACCOUNT + ":assumed-role/" + stack + "-" + logicalId + "Role/" + functionName;
  }

  /** The refusal of {@code action} on {@code resource}, or null when the policy allows it. */
  Refusal check(String stack, String action, String resource) {
    IamPolicy.Decision d = policy.decide(action, resource);
    return d == IamPolicy.Decision.ALLOWED ? null
        : new Refusal(principalArn(stack), action, resource, d == IamPolicy.Decision.EXPLICITLY_DENIED);
  }

  /** toString without the secret. */
  @Override
  public String toString() {
    return "FunctionRole[" + logicalId + ", " + functionName + ", " + accessKeyId + "]";
  }

  /** A request IAM refused, and the messages the services put in their answers. */
  record Refusal(String principal, String action, String resource, boolean explicit) {
    /** As API Gateway's {@code @connections} words it (403 {@code ForbiddenException}). */
    String apiGatewayMessage() {
      return "User: " + principal + " is not authorized to perform: " + action + " on resource: " + resource
          + (explicit ? " with an explicit deny" : "");
    }

    /** As DynamoDB words it (400 {@code AccessDeniedException}). */
    String dynamoDbMessage() {
      return "User: " + principal + " is not authorized to perform: " + action + " on resource: " + resource
          + (explicit ? " with an explicit deny in an identity-based policy"
              : " because no identity-based policy allows the " + action + " action");
    }
  }
}
