package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda jar ({@code monologue-relay-aws-<version>-lambda.jar}) holds what runs on Lambda and nothing of the local
 * stand-in or of the libraries only it needs, within a size bound that docs/aws.md states; the zip that
 * {@code template.yaml}'s {@code CodeUri} names ({@code monologue-relay-aws-<version>-lambda.zip}, what {@code sam build}
 * copies and {@code sam deploy} uploads) is a Lambda Java package holding that jar in {@code lib/}. Runs after the
 * package phase wrote both (failsafe, {@code mvn verify}).
 */
class LambdaJarIT {
  /** docs/aws.md states the jar's size; keep the two together. */
  private static final long MAX_BYTES = 10L * 1024 * 1024;

  private static Path jar;
  private static Set<String> entries;

  @BeforeAll
  static void open() throws IOException {
    jar = Path.of(System.getProperty("monologue.lambdaJar", "target/lambda.jar"));
    assertTrue(Files.isRegularFile(jar), "no Lambda jar at " + jar.toAbsolutePath() + "; run mvn verify");
    try (JarFile f = new JarFile(jar.toFile())) {
      entries = f.stream().map(e -> e.getName()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void holdsTheHandlersAndWhatTheyCall() {
    for (String needed : List.of(
        "dev/monologue/relay/aws/WebSocketHandler.class",
        "dev/monologue/relay/aws/QueueHandler.class",
        "dev/monologue/relay/core/Router.class",
        "com/amazonaws/services/lambda/runtime/RequestHandler.class",
        "com/amazonaws/services/lambda/runtime/events/APIGatewayV2WebSocketEvent.class",
        "com/amazonaws/services/lambda/runtime/events/SQSBatchResponse.class",
        "software/amazon/awssdk/services/apigatewaymanagementapi/ApiGatewayManagementApiClient.class",
        "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
        "dev/monologue/relay/aws/DynamoNameRegistry.class",
        "software/amazon/awssdk/services/dynamodb/DynamoDbClient.class",
        "com/fasterxml/jackson/core/JsonFactory.class",
        "org/slf4j/simple/SimpleLogger.class",
        "org/crac/Resource.class", // SnapStart hooks
        // the runtime's event serializer loads it from the function's jar (the stand-in showed it fails without)
        "org/joda/time/DateTime.class")) {
      assertTrue(entries.contains(needed), jar + " lacks " + needed);
    }
  }

  @Test
  void leavesOutTheStandInAndWhatOnlyItOrTheLocalToolsNeed() {
    for (String prefix : List.of(
        "dev/monologue/standin/",                                  // the API Gateway stand-in module
        "com/amazonaws/services/lambda/runtime/serialization/",    // the runtime brings its own
        "software/amazon/awssdk/http/apache/",                     // the SDK's heavier HTTP clients
        "software/amazon/awssdk/http/nio/netty/",
        "io/netty/",
        "org/apache/http/",
        "com/fasterxml/jackson/databind/",                         // the relay reads frames with jackson-core
        "dev/monologue/runtime/",                                  // the user API
        "dev/monologue/relay/LocalRelay",                          // the local relay's server (module relay)
        "dev/monologue/relay/WebSocketFront",
        "org/java_websocket/",
        "org/junit/")) {
      List<String> found = entries.stream().filter(e -> e.startsWith(prefix)).limit(3).toList();
      assertTrue(found.isEmpty(), jar + " should not hold " + prefix + " but has " + found);
    }
  }

  @Test
  void staysSmall() throws IOException {
    long size = Files.size(jar);
    assertTrue(size <= MAX_BYTES, jar + " is " + size + " bytes, over the " + MAX_BYTES
        + " docs/aws.md promises; find what grew with 'unzip -l'");
  }

  @Test
  void templateDeploysAZipWhoseLibHoldsTheLambdaJar() throws IOException {
    Path zip = Path.of(System.getProperty("monologue.lambdaZip", "target/lambda.zip"));
    Path root = Path.of("").toAbsolutePath().getParent();
    JsonNode resources = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("template.yaml").toFile())
        .path("Resources");
    int functions = 0;
    for (JsonNode r : resources) {
      if (r.path("Type").asText().equals("AWS::Serverless::Function")) {
        String codeUri = r.path("Properties").path("CodeUri").asText();
        assertTrue(codeUri.endsWith(".zip"), "sam build builds any CodeUri but a .zip: " + codeUri);
        assertEquals(zip.toAbsolutePath().normalize(), root.resolve(codeUri).normalize(),
            "template.yaml's CodeUri is the zip the build writes");
        functions++;
      }
    }
    assertEquals(2, functions);
    assertTrue(Files.isRegularFile(zip), "no Lambda zip at " + zip.toAbsolutePath() + "; run mvn verify");
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<String> names = z.stream().map(ZipEntry::getName).filter(n -> !n.endsWith("/")).toList();
      assertEquals(List.of("lib/" + jar.getFileName()), names, "the Lambda jar, in lib/ (on the runtime's class path)");
      ZipEntry inner = z.getEntry(names.get(0));
      assertEquals(Files.size(jar), inner.getSize(), "the jar LambdaJarIT checks, whole");
      Set<String> innerEntries = new TreeSet<>();
      try (JarInputStream in = new JarInputStream(z.getInputStream(inner))) {
        for (java.util.jar.JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
          innerEntries.add(e.getName());
        }
      }
      assertTrue(innerEntries.containsAll(List.of("dev/monologue/relay/aws/WebSocketHandler.class",
          "dev/monologue/relay/aws/QueueHandler.class")), "the handlers template.yaml names");
    }
    assertTrue(Files.size(zip) <= MAX_BYTES, zip + " is " + Files.size(zip) + " bytes, over " + MAX_BYTES);
  }
}
