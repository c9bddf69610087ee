package dev.monologue.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves the intrinsic functions of a template value ({@link CfnYaml}'s long form) to a string, as CloudFormation
 * would in this stand-in's account: {@code Ref} of a parameter, pseudo parameter or resource, {@code Fn::GetAtt}
 * and {@code Fn::Sub} in both its forms. What it was not told about is an error naming the reference, never a guess.
 *
 * @param refs what {@code Ref X} and {@code ${X}} stand for: {@code Stage}, {@code AWS::Region}, {@code WebSocketApi}
 * @param attributes what {@code Fn::GetAtt [A, B]} and {@code ${A.B}} stand for, keyed {@code A.B}
 */
record TemplateValues(Map<String, String> refs, Map<String, String> attributes) {
  TemplateValues {
    refs = Map.copyOf(refs);
    attributes = Map.copyOf(attributes);
  }

  /**
   * The values of the stand-in's deployment: region {@code us-east-1}, account {@code 123456789012}, partition
   * {@code aws}, its API ID and stage, and the names table as it created it (name and ARN).
   */
  static TemplateValues standIn(String apiId, String stage, String namesTable) {
    Map<String, String> refs = new HashMap<>();
    refs.put("AWS::Region", AwsStandIn.REGION);
    refs.put("AWS::AccountId", AwsStandIn.ACCOUNT);
    refs.put("AWS::Partition", "aws");
    refs.put("AWS::URLSuffix", "amazonaws.com");
    refs.put("Stage", stage);
    refs.put("WebSocketApi", apiId);
    refs.put("NamesTable", namesTable);
    return new TemplateValues(refs, Map.of("NamesTable.Arn",
        "arn:aws:dynamodb:" + AwsStandIn.REGION + ":" + AwsStandIn.ACCOUNT + ":table/" + namesTable));
  }

  /** {@code value} as a string, intrinsic functions resolved; {@code where} names it in errors. */
  String resolve(JsonNode value, String where) {
    Objects.requireNonNull(value, "value == null");
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isObject() && value.size() == 1) {
      Map.Entry<String, JsonNode> f = value.fields().next();
      JsonNode arg = f.getValue();
      switch (f.getKey()) {
        case "Ref":
          return lookup(refs, arg.asText(), "Ref", where);
        case "Fn::GetAtt":
          if (arg.isArray() && arg.size() == 2) {
            return lookup(attributes, arg.get(0).asText() + "." + arg.get(1).asText(), "Fn::GetAtt", where);
          }
          break;
        case "Fn::Sub":
          if (arg.isTextual()) {
            return substitute(arg.asText(), Map.of(), where);
          }
          if (arg.isArray() && arg.size() == 2 && arg.get(0).isTextual() && arg.get(1).isObject()) {
            Map<String, String> vars = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = arg.get(1).fields(); it.hasNext(); ) {
              Map.Entry<String, JsonNode> v = it.next();
              vars.put(v.getKey(), resolve(v.getValue(), where + " (Fn::Sub variable " + v.getKey() + ")"));
            }
            return substitute(arg.get(0).asText(), vars, where);
          }
          break;
        default:
          break;
      }
    }
    throw new IllegalStateException(where + ": the stand-in cannot resolve " + value
        + " (it knows Ref, Fn::GetAtt and Fn::Sub over " + refs.keySet() + " and " + attributes.keySet() + ")");
  }

  /** {@code ${X}} and {@code ${A.B}} replaced; {@code ${!X}} is the literal {@code ${X}}, as in CloudFormation. */
  private String substitute(String template, Map<String, String> vars, String where) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf("${", i);
      if (open < 0) {
        out.append(template, i, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new IllegalStateException(where + ": unclosed ${ in Fn::Sub '" + template + "'");
      }
      out.append(template, i, open);
      String name = template.substring(open + 2, close);
      if (name.startsWith("!")) {
        out.append("${").append(name.substring(1)).append('}');
      } else if (vars.containsKey(name)) {
        out.append(vars.get(name));
      } else if (name.contains(".") && !name.startsWith("AWS::")) {
        out.append(lookup(attributes, name, "Fn::Sub", where));
      } else {
        out.append(lookup(refs, name, "Fn::Sub", where));
      }
      i = close + 1;
    }
    return out.toString();
  }

  private static String lookup(Map<String, String> known, String name, String function, String where) {
    String v = known.get(name);
    if (v == null) {
      throw new IllegalStateException(where + ": " + function + " of '" + name + "', which the stand-in does not"
          + " know (it knows " + known.keySet() + ")");
    }
    return v;
  }
}
