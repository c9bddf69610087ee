package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The protocol has one owner, {@code wire}: no main source of another module spells one of its words as a string
 * literal (docs/protocol.md's actions, payload types, events, error codes and frame fields, and {@code x-api-key}).
 * Words no other meaning shares are refused wherever they stand; the field names, which are also plain words
 * ({@code name}, {@code id}, {@code message}), are refused where code reads or writes JSON with them, compares with
 * them, switches on them or declares a constant of its own for them, or inside a literal that starts a piece of JSON and spells a key
 * ({@code "{\"to\":"}). Left out: {@code test-support} and {@code bench}, harnesses that write raw frames on
 * purpose (what a Monologue client would never send; the bare contender a user without Monologue would write), and
 * the few words below that mean something else where they stand.
 */
class ProtocolLiteralsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Words that mean the protocol wherever they stand. */
  private static final Set<String> DISTINCT = distinct();
  /** Every protocol word, including the plain ones, refused in the contexts below. */
  private static final Set<String> ALL = all();

  /** Code just before a literal that reads, writes or compares a JSON field or an action with it. */
  private static final Pattern JSON_CONTEXT = Pattern.compile(
      "(?:\\b(?:path|get|has|hasNonNull|findValue|put|remove|writeStringField|writeNumberField|writeBooleanField"
          + "|writeObjectFieldStart|writeArrayFieldStart|writeFieldName|writeObjectField|writeNullField|equals"
          + "|equalsIgnoreCase)\\(\\s*|\\bcase\\s+|\\?\\s*|:\\s*|\\bfinal\\s+String\\s+\\w+\\s*=\\s*)$");
  /** Code just after a literal that compares with it. */
  private static final Pattern COMPARED_AFTER = Pattern.compile("^\\s*\\.equals(?:IgnoreCase)?\\(");
  /** A JSON key inside a literal that starts a piece of JSON: {@code {"to":}. */
  private static final Pattern JSON_KEY = Pattern.compile("\"([A-Za-z]+)\"\\s*:");
  private static final Pattern JSON_START = Pattern.compile("^\\s*[{,\"]");
  /** Modules whose main code is a harness that speaks raw protocol on purpose. */
  private static final Set<String> HARNESSES = Set.of("test-support", "bench");
  /** Words that mean something else in these files, each with why. */
  private static final Map<String, Set<String>> ELSEWHERE = Map.of(
      // the admin status page's JSON, not a frame
      "relay/src/main/java/dev/monologue/relay/StatusReport.java", Set.of(Fields.ID),
      // a key of the relay's policy file, not a frame field
      "relay/src/main/java/dev/monologue/relay/core/RelayPolicy.java", Set.of(Fields.TAKEOVER),
      // a parameter name in generated skeletons
      "processor/src/main/java/dev/monologue/processor/SkeletonWriter.java", Set.of(Fields.ARGS),
      // the error bodies of AWS's own HTTP APIs, which the stand-in imitates
      "stand-in/src/main/java/dev/monologue/standin/DynamoIamProxy.java", Set.of(Fields.MESSAGE),
      "stand-in/src/main/java/dev/monologue/standin/ManagementApiServer.java", Set.of(Fields.MESSAGE),
      // a detail of the Spring Boot health indicator, not a frame field
      "spring-boot-starter/src/main/java/dev/monologue/spring/MonologueConnectionState.java", Set.of(Fields.ID),
      // a value of the span attribute monologue.outcome, not a payload type
      "opentelemetry/src/main/java/dev/monologue/opentelemetry/SpanAttributes.java", Set.of("error"));

  private static Set<String> distinct() {
    Set<String> s = new TreeSet<>();
    for (Action a : Action.values()) {
      s.add(a.wire());
    }
    for (PayloadType t : PayloadType.values()) {
      s.add(t.wire());
    }
    for (RelayEvent e : RelayEvent.values()) {
      s.add(e.wire());
    }
    for (ErrorCode c : ErrorCode.values()) {
      s.add(c.wire());
    }
    // action words that are also the names of the client's methods and commands ("claim", "watch") are plain
    s.removeAll(Set.of("whoami", "probe", "ping", "claim", "release", "join", "leave", "members", "watch"));
    s.addAll(Set.of(Handshake.API_KEY_HEADER, Fields.HELD_FOR_MILLIS, Fields.REMOTE_TYPE, Fields.TOOK_OVER,
        NameLease.ACK_FIELD, ReservedSenders.RELAY, ReservedSenders.QUEUE));
    return s;
  }

  private static Set<String> all() {
    Set<String> s = new TreeSet<>(distinct());
    for (Action a : Action.values()) {
      s.add(a.wire());
    }
    s.addAll(fieldNames());
    s.addAll(Set.of(CallFields.DEADLINE, CallFields.METADATA, CallFields.CANCEL, ClientFrames.VERSION_FIELD));
    return s;
  }

  private static Set<String> fieldNames() {
    Set<String> s = new TreeSet<>();
    for (var f : Fields.class.getFields()) {
      try {
        s.add((String) f.get(null));
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    s.remove(Fields.SOURCE_RELAY); // a value, and the name of a module and a command
    return s;
  }

  @Test
  void noProtocolLiteralInMainCodeOutsideWire() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> ROOT.relativize(p).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
          .filter(p -> !ROOT.relativize(p).startsWith("wire"))
          .filter(p -> !HARNESSES.contains(ROOT.relativize(p).getName(0).toString()))
          .forEach(p -> found.addAll(literalsIn(p)));
    }
    assertTrue(found.isEmpty(), "protocol words spelled outside wire (use Action, PayloadType,"
        + " Fields, ... from dev.monologue.wire):\n" + String.join("\n", found));
  }

  @Test
  void seesEachKindOfLiteral() {
    assertEquals(List.of("X.java:1 \"sendall\""), check("X.java", "var a = \"sendall\";"));
    assertEquals(List.of("X.java:2 \"name\""), check("X.java", "// \"name\" in a comment\nnode.path(\"name\");"));
    assertEquals(List.of("X.java:1 \"join\""), check("X.java", "switch (a) { case \"join\": }"));
    assertEquals(List.of("X.java:1 \"to\""), check("X.java", "String f = \"{\\\"to\\\":\" + id;"));
    assertEquals(List.of("X.java:1 \"ACK\""), check("X.java", "if (\"ACK\".equals(type)) {}"));
    assertEquals(List.of("X.java:1 \"whoami\""), check("X.java", "static final String BARE = \"whoami\";"));
    assertEquals(List.of(), check("X.java", "throw new NotConnectedException(\"claim\", name, \"connect() first\");"));
    assertEquals(List.of(), check("X.java", "/* \"sendall\" */ String s = \"a // \\\"b\";"));
  }

  private static List<String> literalsIn(Path file) {
    try {
      return check(ROOT.relativize(file).toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The protocol words {@code source} spells as literals where this test refuses them, as "file:line "word"". */
  static List<String> check(String file, String source) {
    List<String> found = new ArrayList<>();
    StringBuilder code = new StringBuilder(); // the current line's code, literals and comments left out
    int line = 1;
    int n = source.length();
    for (int i = 0; i < n; i++) {
      char c = source.charAt(i);
      if (c == '\n') {
        line++;
        code.setLength(0);
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        while (i + 1 < n && source.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 1;
        line += count(source, i, end);
        i = end;
      } else if (c == '\'') {
        i = source.charAt(i + 1) == '\\' ? source.indexOf('\'', i + 3) : i + 2;
      } else if (c == '"' && source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        String text = source.substring(i + 3, end);
        judge(file, line, text, code.toString(), "", found);
        line += count(source, i, end);
        i = end + 2;
      } else if (c == '"') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (source.charAt(j) != '"') {
          if (source.charAt(j) == '\\') {
            j++;
          }
          text.append(source.charAt(j));
          j++;
        }
        int after = source.indexOf('\n', j);
        judge(file, line, text.toString(), code.toString(), source.substring(j + 1, after < 0 ? n : after), found);
        code.append("\"\"");
        i = j;
      } else {
        code.append(c);
      }
    }
    return found;
  }

  private static void judge(String file, int line, String text, String before, String after, List<String> found) {
    Set<String> allowed = ELSEWHERE.getOrDefault(file.replace('\\', '/'), Set.of());
    List<String> words = new ArrayList<>();
    if (DISTINCT.contains(text)
        || ALL.contains(text) && (JSON_CONTEXT.matcher(before).find() || COMPARED_AFTER.matcher(after).find())) {
      words.add(text);
    } else if (JSON_START.matcher(text).find()) {
      JSON_KEY.matcher(text).results().map(m -> m.group(1)).filter(ALL::contains).forEach(words::add);
    }
    for (String word : words) {
      if (!allowed.contains(word)) {
        found.add(file + ":" + line + " \"" + word + "\"");
      }
    }
  }

  private static int count(String s, int from, int to) {
    int lines = 0;
    for (int i = from; i < to && i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
