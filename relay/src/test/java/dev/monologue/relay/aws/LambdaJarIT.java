package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda jar ({@code monologue-relay-<version>-lambda.jar}, what {@code template.yaml} deploys) holds what runs
 * on Lambda and nothing of the local stand-in or of the libraries only it needs, within a size bound that README
 * states. Runs after the shade plugin wrote the jar (failsafe, {@code mvn verify}).
 */
class LambdaJarIT {
  /** README's "On AWS" section states the jar's size; keep the two together. */
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
        "org/junit/")) {
      List<String> found = entries.stream().filter(e -> e.startsWith(prefix)).limit(3).toList();
      assertTrue(found.isEmpty(), jar + " should not hold " + prefix + " but has " + found);
    }
  }

  @Test
  void staysSmall() throws IOException {
    long size = Files.size(jar);
    assertTrue(size <= MAX_BYTES, jar + " is " + size + " bytes, over the " + MAX_BYTES
        + " README promises; find what grew with 'unzip -l'");
  }
}
