package dev.monologue.relay.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.relay.core.Delivery;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;

/**
 * Failures of the management API below HTTP, and slow failing answers, over real sockets on loopback: each ends in
 * a {@link Delivery}, never an exception, and within the policy's time bounds. (Other HTTP answers are covered
 * through the stand-in.)
 */
class ManagementGatewayTest {
  private static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofMillis(500));

  private static ManagementGateway gatewayTo(int port) {
    return gatewayTo(port, FAST);
  }

  private static ManagementGateway gatewayTo(int port, RetryPolicy policy) {
    ManagementSettings settings = new ManagementSettings(URI.create("http://127.0.0.1:" + port + "/test"),
        Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")), policy);
    ManagementClients clients = new ManagementClients(settings);
    return new ManagementGateway(clients.client(settings.endpointOverride()), policy, clients.jitter());
  }

  @Test
  void anUnreachableManagementApiIsFailedNotThrown() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: connections are refused
    }
    assertEquals(Delivery.FAILED, gatewayTo(port).send("L0SM9cOFvHcCIhw=", "{}"));
  }

  @Test
  void noTryStartsOnceTheBudgetHasPassed() throws Exception {
    // ten tries allowed, each failing with 500 after 300 ms (the server's latency, not a wait of the test's); no try
    // may start 500 ms after the first began, so at most two are made
    RetryPolicy budgeted = new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(500),
        Duration.ofSeconds(5));
    AtomicInteger tries = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      tries.incrementAndGet();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "{\"message\":\"Internal server error\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("x-amzn-ErrorType", "InternalServerErrorException");
      exchange.sendResponseHeaders(500, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      Delivery d = gatewayTo(server.getAddress().getPort(), budgeted).send("L0SM9cOFvHcCIhw=", "{}");
      assertEquals(Delivery.UNCERTAIN, d, "5xx after its tries: the post may have been delivered");
      assertTrue(tries.get() >= 1 && tries.get() <= 2, tries.get() + " tries");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aManagementApiThatNeverAnswersIsUncertainWithinTheBound() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(s.accept()); // read nothing, answer nothing
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      ManagementGateway gateway = gatewayTo(s.getLocalPort());
      long start = System.nanoTime();
      Delivery d = gateway.send("L0SM9cOFvHcCIhw=", "{}");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(Delivery.UNCERTAIN, d, "a post that got no answer may have been delivered");
      // one try of 500 ms, not retried; the bound leaves a loaded machine seconds for the SDK's first call (class
      // loading), and is still far under the 30 s the HTTP client would wait by default
      assertTrue(took.compareTo(FAST.worstCase().plusSeconds(10)) < 0, "took " + took);
    } finally {
      for (Socket a : accepted) {
        a.close();
      }
    }
  }

  @Test
  void aGetRefusedWith403ThrowsAndLogsThePermissionToAdd() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = ("{\"message\":\"User: arn:aws:sts::123456789012:assumed-role/r/f is not authorized to perform:"
          + " execute-api:ManageConnections on resource: arn:aws:execute-api:us-east-1:123456789012:a/test/GET/"
          + "@connections/L0SM9cOFvHcCIhw=\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("x-amzn-ErrorType", "ForbiddenException");
      exchange.sendResponseHeaders(403, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      // time bounds a loaded machine's first SDK call (class loading) does not run out of
      ManagementGateway gateway = gatewayTo(server.getAddress().getPort(), new RetryPolicy(3, Duration.ofMillis(5),
          Duration.ofMillis(20), Duration.ofSeconds(20), Duration.ofSeconds(10)));
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      assertThrows(ForbiddenException.class, () -> gateway.isConnected("L0SM9cOFvHcCIhw="),
          "the probe is answered THROTTLED: the relay cannot tell");
    } finally {
      System.setErr(stderr);
      server.stop(0);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("ERROR") && log.contains("may not execute-api:ManageConnections on this API's"
        + " GET/@connections/*"), "the log names the permission to add:\n" + log);
  }
}
