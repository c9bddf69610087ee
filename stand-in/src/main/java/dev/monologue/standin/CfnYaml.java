package dev.monologue.standin;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Reads a CloudFormation template written in YAML into a tree in which every short-form intrinsic function is in its
 * long form, as CloudFormation itself reads it: {@code !Sub 'a-${B}'} becomes {@code {"Fn::Sub": "a-${B}"}},
 * {@code !Sub [s, {vars}]} {@code {"Fn::Sub": [s, {vars}]}}, {@code !Ref X} {@code {"Ref": "X"}} and
 * {@code !GetAtt A.B} {@code {"Fn::GetAtt": ["A", "B"]}}. A plain {@code readTree} would drop the tags and leave
 * {@code "a-${B}"} indistinguishable from a literal.
 */
final class CfnYaml {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CfnYaml() {}

  /** {@code template.yaml}, found from the working directory upward. */
  static Path findTemplate() {
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path t = d.resolve("template.yaml");
      if (Files.isRegularFile(t)) {
        return t;
      }
    }
    throw new IllegalStateException("template.yaml not found above " + Paths.get("").toAbsolutePath());
  }

  static JsonNode read(Path template) {
    try (YAMLParser p = new YAMLFactory().createParser(template.toFile())) {
      if (p.nextToken() == null) {
        throw new IllegalStateException(template + " is empty");
      }
      return value(p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + template, e);
    }
  }

  /** The value at the parser's current token, its tag applied. */
  private static JsonNode value(YAMLParser p) throws IOException {
    String tag = p.getTypeId(); // read before descending: the tag belongs to this token
    JsonNode plain = untagged(p);
    return tag == null ? plain : longForm(tag, plain, p);
  }

  private static JsonNode untagged(YAMLParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          o.set(name, value(p));
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(value(p));
        }
        return a;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDecimalValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return NODES.booleanNode(p.getBooleanValue());
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IllegalStateException("unexpected YAML token " + t + " at " + p.currentLocation());
    }
  }

  private static JsonNode longForm(String tag, JsonNode value, YAMLParser p) {
    String name = tag.startsWith("!") ? tag.substring(1) : tag;
    ObjectNode o = NODES.objectNode();
    if (name.equals("Ref")) {
      o.set("Ref", value);
    } else if (name.equals("GetAtt") && value.isTextual()) {
      String s = value.asText();
      int dot = s.indexOf('.');
      if (dot < 1 || dot == s.length() - 1) {
        throw new IllegalStateException("!GetAtt '" + s + "' is not Resource.Attribute, at " + p.currentLocation());
      }
      o.set("Fn::GetAtt", NODES.arrayNode().add(s.substring(0, dot)).add(s.substring(dot + 1)));
    } else {
      o.set("Fn::" + name, value);
    }
    return o;
  }
}
