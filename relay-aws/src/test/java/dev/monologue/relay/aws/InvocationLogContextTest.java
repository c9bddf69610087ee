package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A line logged while a handler works on a frame or a queue record names the connection and the route, as the
 * Lambda jar's binding (slf4j-simple, on standard error) prints it; after the invocation, the thread is as it was.
 */
class InvocationLogContextTest {
  @Test
  void aLineTheWebSocketHandlerLogsCarriesTheConnectionAndTheRoute() {
    // no endpoint configured and none in the event: the handler logs that it has no @connections client
    WebSocketHandler handler = new WebSocketHandler(ManagementSettings.fromEnvironment(Map.of()));
    APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
    APIGatewayV2WebSocketEvent.RequestContext rc = new APIGatewayV2WebSocketEvent.RequestContext();
    rc.setConnectionId("AbCd123=");
    rc.setEventType("MESSAGE");
    rc.setRouteKey("whoami");
    event.setRequestContext(rc);
    event.setBody("{\"action\":\"whoami\"}");
    String threadName = Thread.currentThread().getName();

    String line = loggedLine("No @connections client", () -> handler.handleRequest(event, null).getStatusCode());

    assertTrue(line.contains("connectionId=AbCd123= route=whoami"), line);
    assertEquals(threadName, Thread.currentThread().getName(), "the thread's name is put back");
    assertEquals(null, MDC.get(InvocationLogContext.CONNECTION_ID));
  }

  @Test
  void aLineTheQueueHandlerLogsCarriesTheTargetConnection() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // closed again: posts to it are refused, and SQS is told to retry the record
    }
    QueueHandler handler = new QueueHandler(new ManagementSettings(URI.create("http://127.0.0.1:" + closedPort + "/test"),
        Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")),
        RetryPolicy.DEFAULT));
    SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
    m.setMessageId("m-1");
    m.setBody("{\"to\":\"XyZ987=\",\"payload\":{\"n\":1}}");
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(m));

    String line = loggedLine("not delivered", () -> handler.handleRequest(event, null).getBatchItemFailures().size());

    assertTrue(line.contains("connectionId=XyZ987= route=$queue"), line);
  }

  @Test
  void aValueCannotBreakTheLine() {
    assertEquals("a?b?c", InvocationLogContext.printable("a\nb c"));
    assertEquals("-", InvocationLogContext.printable(null));
    assertEquals(128, InvocationLogContext.printable("x".repeat(500)).length());
  }

  /** Runs {@code invocation} with standard error captured; returns the first line containing {@code marker}. */
  private static String loggedLine(String marker, Supplier<Integer> invocation) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      invocation.get();
    } finally {
      System.setErr(original);
    }
    String err = captured.toString(StandardCharsets.UTF_8);
    return err.lines().filter(l -> l.contains(marker)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + marker + "' in:\n" + err));
  }
}
