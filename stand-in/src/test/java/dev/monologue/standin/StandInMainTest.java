package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.testsupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in from the command line: it listens, checks keys, writes a .monologuerc clients can use, and keeps
 * names in DynamoDB (a dynalite it starts, or the endpoint it is given), or says how to get them.
 */
class StandInMainTest {
  @TempDir
  Path dir;

  @Test
  void startsWithTheGivenKeysAndWritesAnRcFileThatReachesIt() throws Exception {
    StandInMain.Arguments arguments = StandInMain.parse(
        new String[] {"--port", "0", "--api-key", "first", "--api-key", "second", "--write-rc", "rc"}, dir);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (StandInMain.Running running = StandInMain.start(arguments, new PrintStream(printed, true,
        StandardCharsets.UTF_8), false)) {
      AwsStandIn aws = running.aws();
      assertTrue(printed.toString(StandardCharsets.UTF_8).contains("listening at " + aws.endpoint()), printed::toString);
      JsonNode rc = new ObjectMapper().readTree(dir.resolve("rc/.monologuerc").toFile());
      assertEquals(aws.endpoint().toString(), rc.path("endpoint").asText());
      assertEquals("first", rc.path("apiKey").asText());
      String out = printed.toString(StandardCharsets.UTF_8);
      Path store = dir.resolve("rc").resolve(StandInMain.TRUST_STORE).toAbsolutePath();
      assertTrue(out.contains("-Djavax.net.ssl.trustStore=" + store), out);
      assertTrue(out.contains("NODE_EXTRA_CA_CERTS=" + dir.resolve("rc").resolve(StandInMain.CA_PEM).toAbsolutePath()),
          out);
      assertEquals(aws.tls().caPem(), Files.readString(dir.resolve("rc").resolve(StandInMain.CA_PEM)));
      // A client that trusts what the files hold, and nothing else, reaches the stand-in over wss://.
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        trusted.load(in, StandInMain.TRUST_STORE_PASSWORD.toCharArray());
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext fromFile = SSLContext.getInstance("TLS");
      fromFile.init(null, trust.getTrustManagers(), null);
      assertTrue(rc.path("endpoint").asText().startsWith("wss://"), rc.toString());
      try (TestClient c = TestClient.connect(java.net.URI.create(rc.path("endpoint").asText()),
          Map.of("x-api-key", rc.path("apiKey").asText()), fromFile)) {
        assertTrue(c.id().endsWith("="), "an API-Gateway-shaped connection ID");
      }
      assertThrows(AssertionError.class,
          () -> TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext()).close(),
          "no key, no connection");
    }
  }

  @Test
  void startedFromTheCommandLineItStartsDynaliteAndAClaimSucceeds() throws Exception {
    StandInMain.Arguments arguments = StandInMain.parse(new String[] {"--port", "0", "--api-key", "k"}, dir);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Dynalite started;
    try (StandInMain.Running running = StandInMain.start(arguments, new PrintStream(printed, true,
        StandardCharsets.UTF_8), true)) {
      started = running.dynalite();
      assertNotNull(started, "no endpoint given and Node present: the stand-in starts dynalite");
      assertTrue(printed.toString(StandardCharsets.UTF_8).contains("Names and groups in DynamoDB at "
          + started.endpoint()), printed::toString);
      assertClaimGranted(running.aws());
    }
    assertFalse(started.isAlive(), "dynalite stops with the stand-in");
  }

  @Test
  void keepsNamesInTheDynamoDbItIsGiven() throws Exception {
    try (Dynalite dynalite = Dynalite.start()) {
      StandInMain.Arguments arguments = StandInMain.parse(new String[] {"--port", "0", "--api-key", "k",
          "--dynamodb-endpoint", dynalite.endpoint().toString()}, dir);
      assertEquals(dynalite.endpoint(), arguments.dynamoEndpoint());
      try (StandInMain.Running running = StandInMain.start(arguments, new PrintStream(new ByteArrayOutputStream(),
          true, StandardCharsets.UTF_8), false)) {
        assertNull(running.dynalite(), "given an endpoint, it starts no dynalite of its own");
        assertClaimGranted(running.aws());
      }
    }
  }

  @Test
  void withoutNodeOrAnEndpointItSaysWhatIsMissingAndHowToFixIt() throws Exception {
    StandInMain.Arguments arguments = StandInMain.parse(new String[] {"--port", "0", "--api-key", "k"}, dir);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (StandInMain.Running running = StandInMain.start(arguments, new PrintStream(printed, true,
        StandardCharsets.UTF_8), false);
        TestClient c = TestClient.connect(running.aws().endpoint(), Map.of("x-api-key", "k"),
            running.aws().tls().clientContext())) {
      String out = printed.toString(StandardCharsets.UTF_8);
      assertTrue(out.contains(StandInMain.NO_NAMES), out);
      assertTrue(out.contains("Node.js") && out.contains("--dynamodb-endpoint"), out);
      c.send(CLAIM);
      assertEquals("NAMES_UNAVAILABLE", MAPPER.readTree(c.next()).path("payload").path("error").path("code").asText());
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CLAIM = "{\"action\":\"claim\",\"name\":\"billing\",\"payload\":{\"token\":\"c\"}}";

  private static void assertClaimGranted(AwsStandIn aws) throws Exception {
    try (TestClient c = TestClient.connect(aws.endpoint(), Map.of("x-api-key", "k"), aws.tls().clientContext())) {
      c.send(CLAIM);
      JsonNode answer = MAPPER.readTree(c.next()).path("payload");
      assertEquals("ACK", answer.path("type").asText(), answer.toString());
      assertEquals(c.id(), aws.names().holder("billing"));
    }
  }

  @Test
  void badCommandLinesSayWhatIsWrong() {
    StandInMain.UsageException e = assertThrows(StandInMain.UsageException.class,
        () -> StandInMain.parse(new String[] {"--port", "http"}, dir));
    assertTrue(e.getMessage().contains("--port needs a number"), e.getMessage());
    assertThrows(StandInMain.UsageException.class, () -> StandInMain.parse(new String[] {"--api-key"}, dir));
    assertThrows(StandInMain.UsageException.class, () -> StandInMain.parse(new String[] {"--verbose"}, dir));
    StandInMain.UsageException url = assertThrows(StandInMain.UsageException.class,
        () -> StandInMain.parse(new String[] {"--dynamodb-endpoint", "localhost:8000"}, dir));
    assertTrue(url.getMessage().contains("--dynamodb-endpoint needs an http(s) URL"), url.getMessage());
  }

  @Test
  void defaultsArePort8080NoKeysNoRcFile() throws Exception {
    assertEquals(new StandInMain.Arguments(8080, List.of(), null, null, false), StandInMain.parse(new String[0], dir));
  }
}
