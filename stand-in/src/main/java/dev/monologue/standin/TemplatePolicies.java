package dev.monologue.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM policies template.yaml gives its functions, read as written: each {@code AWS::Serverless::Function}'s
 * {@code Policies}, inline policy documents whose statements have {@code Effect}, {@code Action} and
 * {@code Resource} (each a string or a list), values resolved by {@link TemplateValues}. What the stand-in could not
 * evaluate faithfully (a managed policy's name, a SAM policy template, {@code NotAction}, {@code Condition}) is an
 * error, not a policy silently read as something else.
 */
final class TemplatePolicies {
  private static final List<String> KNOWN_KEYS = List.of("Sid", "Effect", "Action", "Resource");

  private TemplatePolicies() {}

  /** Each function's name ({@code FunctionName}) and policy, keyed by its logical ID. */
  static Map<String, FunctionPolicy> read(Path template, TemplateValues values) {
    JsonNode resources = CfnYaml.read(template).path("Resources");
    Map<String, FunctionPolicy> out = new LinkedHashMap<>();
    resources.fields().forEachRemaining(r -> {
      if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
        out.put(r.getKey(), function(r.getKey(), r.getValue().path("Properties"), values));
      }
    });
    return out;
  }

  /** One function as deployed: its name and the policy of its role. */
  record FunctionPolicy(String functionName, IamPolicy policy) {}

  private static FunctionPolicy function(String id, JsonNode properties, TemplateValues values) {
    String name = properties.has("FunctionName")
        ? values.resolve(properties.get("FunctionName"), id + ".FunctionName") : id;
    List<PolicyStatement> statements = new ArrayList<>();
    JsonNode policies = properties.path("Policies");
    if (!policies.isMissingNode() && !policies.isArray()) {
      policies = JsonNodeFactory.instance.arrayNode().add(policies);
    }
    int p = 0;
    for (JsonNode policy : policies) {
      String where = id + ".Policies[" + p++ + "]";
      if (!policy.isObject() || !policy.has("Statement")) {
        throw new IllegalStateException(where + " is " + policy + ": the stand-in reads only inline policy"
            + " documents (Version, Statement), not managed policy names or SAM policy templates");
      }
      JsonNode list = policy.get("Statement");
      if (!list.isArray()) {
        list = JsonNodeFactory.instance.arrayNode().add(list);
      }
      int s = 0;
      for (JsonNode statement : list) {
        statements.add(statement(statement, where + ".Statement[" + s++ + "]", values));
      }
    }
    return new FunctionPolicy(name, new IamPolicy(statements));
  }

  private static PolicyStatement statement(JsonNode s, String where, TemplateValues values) {
    s.fieldNames().forEachRemaining(k -> {
      if (!KNOWN_KEYS.contains(k)) {
        throw new IllegalStateException(where + " has '" + k + "', which the stand-in does not evaluate (it knows "
            + KNOWN_KEYS + ")");
      }
    });
    String effect = s.path("Effect").asText();
    PolicyStatement.Effect e;
    if (effect.equals("Allow")) {
      e = PolicyStatement.Effect.ALLOW;
    } else if (effect.equals("Deny")) {
      e = PolicyStatement.Effect.DENY;
    } else {
      throw new IllegalStateException(where + ".Effect must be Allow or Deny, was '" + effect + "'");
    }
    return new PolicyStatement(e, strings(s.path("Action"), where + ".Action", values),
        strings(s.path("Resource"), where + ".Resource", values));
  }

  /** A string or a list of them (each possibly an intrinsic function), resolved. */
  private static List<String> strings(JsonNode node, String where, TemplateValues values) {
    if (node.isMissingNode()) {
      throw new IllegalStateException(where + " is missing");
    }
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      int i = 0;
      for (JsonNode n : node) {
        out.add(values.resolve(n, where + "[" + i++ + "]"));
      }
    } else {
      out.add(values.resolve(node, where));
    }
    return out;
  }
}
