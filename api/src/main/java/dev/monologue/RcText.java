package dev.monologue;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of an rc file the way the npm {@code rc} package does: JSON (comments allowed) when the text starts
 * with <code>{</code>, else INI ({@code [section]} headers, dotted names nesting, {@code key = value}, {@code key[]}
 * arrays, {@code ;}/{@code #} comments, {@code true}/{@code false}/{@code null} words). Either way the result is a
 * tree of objects; a text it cannot read fails with {@link RcSyntaxException} naming the line.
 */
final class RcText {
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);
  private static final Pattern STARTS_AS_JSON = Pattern.compile("^\\s*\\{");
  private static final Pattern SECTION = Pattern.compile("^\\[([^\\]]*)\\]\\s*$");
  private static final Pattern ENTRY = Pattern.compile("^([^=]+)(=(.*))?$");

  private RcText() {}

  /** Thrown for a text that is neither JSON nor INI as {@code rc} reads them; {@link #line()} is 1-based. */
  static final class RcSyntaxException extends Exception {
    private final int line;

    RcSyntaxException(int line, String message) {
      super(message);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  static ObjectNode parse(String text) throws RcSyntaxException {
    return STARTS_AS_JSON.matcher(text).find() ? parseJson(text) : parseIni(text);
  }

  private static ObjectNode parseJson(String text) throws RcSyntaxException {
    try {
      JsonNode node = JSON.readTree(text);
      if (!(node instanceof ObjectNode)) {
        throw new RcSyntaxException(1, "not a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new RcSyntaxException(at == null ? 1 : Math.max(1, at.getLineNr()),
          "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static ObjectNode parseIni(String text) throws RcSyntaxException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode section = root;
    String[] lines = text.split("\\r\\n|\\r|\\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      Matcher header = SECTION.matcher(line);
      if (header.matches()) {
        section = sectionAt(root, header.group(1), i + 1);
        continue;
      }
      if (line.startsWith("[")) {
        throw new RcSyntaxException(i + 1, "section header '" + shorten(line) + "' is not closed with ']'");
      }
      Matcher entry = ENTRY.matcher(line);
      if (!entry.matches()) {
        throw new RcSyntaxException(i + 1, "expected 'key = value', was '" + shorten(line) + "'");
      }
      String key = unquote(entry.group(1).strip());
      JsonNode value = entry.group(2) == null ? JsonNodeFactory.instance.booleanNode(true) : value(entry.group(3));
      if (key.endsWith("[]")) {
        String name = key.substring(0, key.length() - 2);
        JsonNode existing = section.get(name);
        ArrayNode array = existing instanceof ArrayNode ? (ArrayNode) existing : section.putArray(name);
        array.add(value);
      } else {
        section.set(key, value);
      }
    }
    return root;
  }

  /** {@code [a.b]} is section b inside section a, as in the {@code ini} package ({@code \.} escapes a dot). */
  private static ObjectNode sectionAt(ObjectNode root, String name, int line) throws RcSyntaxException {
    ObjectNode at = root;
    for (String part : name.split("(?<!\\\\)\\.", -1)) {
      String key = part.replace("\\.", ".");
      JsonNode child = at.get(key);
      if (child == null) {
        at = at.putObject(key);
      } else if (child instanceof ObjectNode) {
        at = (ObjectNode) child;
      } else {
        throw new RcSyntaxException(line, "section [" + shorten(name) + "] reuses the name of the value '" + key
            + "'");
      }
    }
    return at;
  }

  private static JsonNode value(String raw) {
    String v = unquote(raw.strip());
    switch (v) {
      case "true":
        return JsonNodeFactory.instance.booleanNode(true);
      case "false":
        return JsonNodeFactory.instance.booleanNode(false);
      case "null":
        return JsonNodeFactory.instance.nullNode();
      default:
        return JsonNodeFactory.instance.textNode(v);
    }
  }

  /** A quoted string loses its quotes; an unquoted one loses an inline {@code ;} or {@code #} comment. */
  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    StringBuilder out = new StringBuilder();
    boolean escaped = false;
    for (char c : v.toCharArray()) {
      if (escaped) {
        out.append("\\;#".indexOf(c) >= 0 ? "" : "\\").append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ';' || c == '#') {
        break;
      } else {
        out.append(c);
      }
    }
    if (escaped) {
      out.append('\\');
    }
    return out.toString().strip();
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
