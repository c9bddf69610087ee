package dev.monologue.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The names demo: the named service answers before and after its server restarts, and callAll reports each member. */
class NamesDemoTest {

  @Test
  void theNamedServiceSurvivesItsServersRestartAndCallAllReportsEveryMember() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> NamesDemo.main(new String[0]));
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    Matcher servers = Pattern.compile("server is (\\S+); reply: Hello client, this is greeter").matcher(out);
    assertTrue(servers.find(), out);
    String first = servers.group(1);
    assertTrue(servers.find(), out);
    assertTrue(!first.equals(servers.group(1)), "a new server, a new connection ID: " + out);
    assertTrue(out.contains("members: 3"), out);
    assertTrue(out.contains("load 10"), out);
    assertTrue(out.contains("load 20"), out);
    assertTrue(out.contains("failed: RemoteFailureException"), out);
    assertEquals(3, out.split("load 10|load 20|failed: ", -1).length - 1, out);
    assertTrue(out.contains("callAny, one member: "), out);
    assertTrue(out.contains("== done"), out);
  }
}
