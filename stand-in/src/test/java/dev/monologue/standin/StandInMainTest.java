package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in from the command line: it listens, checks keys and writes a .monologuerc clients can use. */
class StandInMainTest {
  @TempDir
  Path dir;

  @Test
  void startsWithTheGivenKeysAndWritesAnRcFileThatReachesIt() throws Exception {
    StandInMain.Arguments arguments = StandInMain.parse(
        new String[] {"--port", "0", "--api-key", "first", "--api-key", "second", "--write-rc", "rc"}, dir);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (AwsStandIn aws = StandInMain.start(arguments, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      assertTrue(printed.toString(StandardCharsets.UTF_8).contains("listening at " + aws.endpoint()), printed::toString);
      JsonNode rc = new ObjectMapper().readTree(dir.resolve("rc/.monologuerc").toFile());
      assertEquals(aws.endpoint().toString(), rc.path("endpoint").asText());
      assertEquals("first", rc.path("apiKey").asText());
      try (TestClient c = TestClient.connect(java.net.URI.create(rc.path("endpoint").asText()),
          Map.of("x-api-key", rc.path("apiKey").asText()))) {
        assertTrue(c.id().endsWith("="), "an API-Gateway-shaped connection ID");
      }
      assertThrows(AssertionError.class, () -> TestClient.connect(aws.endpoint(), Map.of()).close(),
          "no key, no connection");
    }
  }

  @Test
  void badCommandLinesSayWhatIsWrong() {
    StandInMain.UsageException e = assertThrows(StandInMain.UsageException.class,
        () -> StandInMain.parse(new String[] {"--port", "http"}, dir));
    assertTrue(e.getMessage().contains("--port needs a number"), e.getMessage());
    assertThrows(StandInMain.UsageException.class, () -> StandInMain.parse(new String[] {"--api-key"}, dir));
    assertThrows(StandInMain.UsageException.class, () -> StandInMain.parse(new String[] {"--verbose"}, dir));
  }

  @Test
  void defaultsArePort8080NoKeysNoRcFile() throws Exception {
    assertEquals(new StandInMain.Arguments(8080, List.of(), null, false), StandInMain.parse(new String[0], dir));
  }
}
