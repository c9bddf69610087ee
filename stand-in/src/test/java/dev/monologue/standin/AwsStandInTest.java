package dev.monologue.standin;

import static dev.monologue.testsupport.Awaits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.TestClient;
import dev.monologue.relay.aws.RetryPolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** The real Lambda handlers behind the API Gateway stand-in, driven by raw WebSocket clients. */
class AwsStandInTest {
  private static final String KEY = "test-key-1";
  private static final Map<String, String> WITH_KEY = Map.of("x-api-key", KEY);

  /**
   * The default policy's tries and backoff, with time bounds a loaded machine does not run out of: a try that takes
   * over a second there would end without its answer (and not be retried), and one second of budget can leave
   * tries unmade. For the tests that count tries or results, not time.
   */
  private static final RetryPolicy PATIENT = new RetryPolicy(RetryPolicy.DEFAULT.maxAttempts(),
      RetryPolicy.DEFAULT.baseDelay(), RetryPolicy.DEFAULT.maxDelay(), Duration.ofSeconds(20), Duration.ofSeconds(10));

  private AwsStandIn aws;

  @BeforeEach
  void start() {
    aws = AwsStandIn.builder().apiKeys(Set.of(KEY)).start();
  }

  /** Replaces this test's stand-in with one that retries posts by {@link #PATIENT}. */
  private void patientPosts() {
    aws.close();
    // the queue function takes a record only while a post's worst case (30 s) fits in its remaining time
    aws = AwsStandIn.builder().apiKeys(Set.of(KEY)).retry(PATIENT).functionTimeout(Duration.ofMinutes(2)).start();
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private TestClient connect() throws InterruptedException {
    return TestClient.connect(aws.endpoint(), WITH_KEY, aws.tls().clientContext());
  }

  /**
   * The client's ID, once the whoami POST that told it is recorded too: the frame reaches the client while the
   * stand-in is still answering that POST.
   */
  private String idOf(TestClient c) throws InterruptedException {
    String id = c.id();
    eventually("the whoami POST is recorded", () -> !requestsTo(id).isEmpty());
    return id;
  }

  private static String path(String id) {
    return "/test/@connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private List<ManagementRequest> requestsTo(String id) {
    return aws.managementRequests().stream().filter(r -> r.path().equals(path(id))).collect(Collectors.toList());
  }


  private static String relayError(String to, String token, String code) {
    return "{\"to\":\"" + to + "\",\"from\":\"$relay\",\"payload\":{\"type\":\"ERR\",\"token\":\"" + token
        + "\",\"error\":{\"code\":\"" + code + "\"";
  }

  @Test
  void whoamiRunsThroughTheHandlerAndPostToConnection() throws Exception {
    try (TestClient c = connect()) {
      c.send("{\"action\":\"whoami\",\"payload\":{ \"token\" : \"t1\", \"x\":[1, 2] }}");
      String reply = c.next();
      // API-Gateway-shaped ID: 16 characters ending in '=', which the SDK URL-encodes in the path
      assertTrue(reply.matches("\\{\"to\":\"([A-Za-z0-9_-]{15}=)\",\"from\":\"\\1\","
          + "\"payload\":\\{ \"token\" : \"t1\", \"x\":\\[1, 2\\] }}"), reply);
      String id = reply.substring(7, 23);
      // the frame reaches the client while the stand-in is still answering the POST: wait for its record
      eventually("the POST is recorded", () -> !requestsTo(id).isEmpty());
      assertEquals(List.of(new ManagementRequest("POST", path(id), reply, 200, null)), requestsTo(id));
      assertTrue(path(id).endsWith("%3D"), path(id));

      c.send("{\"action\":\"loopback\",\"payload\":{}}");
      assertEquals("{\"to\":\"" + id + "\",\"from\":\"" + id + "\",\"payload\":{}}", c.next());
    }
  }

  @Test
  void messageCrossesBetweenTwoClients() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      String aId = idOf(a);
      String bId = idOf(b);
      assertNotEquals(aId, bId);
      aws.clearManagementRequests();
      a.send("{\"action\":\"sendmessage\",\"from\":\"forged\",\"to\":\"" + bId
          + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"k\",\"name\":\"n\",\"args\":[]}}");
      String expected = "{\"to\":\"" + bId + "\",\"from\":\"" + aId
          + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"k\",\"name\":\"n\",\"args\":[]}}";
      assertEquals(expected, b.next());
      eventually("the POST is recorded", () -> !aws.managementRequests().isEmpty());
      assertEquals(List.of(new ManagementRequest("POST", path(bId), expected, 200, null)),
          aws.managementRequests());
    }
  }

  @Test
  void connectCostsNoLambdaInvocationAndDisconnectOne() throws Exception {
    try (TestClient a = connect()) {
      idOf(a);
      a.closeBlocking();
      String id = a.id();
      eventually("the stand-in has integrated $disconnect of " + id, () -> !aws.knows(id));
    }
    assertEquals(1, aws.invocations("whoami"));
    assertEquals(0, aws.invocations("$connect"), "template.yaml mocks $connect");
    assertEquals(1, aws.invocations("$disconnect"), "$disconnect releases the connection's names");
  }

  @Test
  void keepaliveIsAnsweredByTheTemplatesMockWithNoInvocationAndNoPost() throws Exception {
    try (TestClient a = connect()) {
      String id = idOf(a);
      aws.clearManagementRequests();
      long before = System.currentTimeMillis();
      for (int i = 0; i < 3; i++) {
        a.send(dev.monologue.wire.ClientFrames.KEEPALIVE);
        String answer = a.next();
        assertEquals(id, dev.monologue.wire.KeepAliveAnswer.connectionId(answer), answer);
        long at = Long.parseLong(answer.substring(answer.lastIndexOf(':') + 1, answer.length() - 1));
        assertTrue(at >= before && at <= System.currentTimeMillis(), "$context.requestTimeEpoch: " + answer);
      }
      assertEquals(0, aws.invocations("keepalive"), "API Gateway answers it: no Lambda invocation");
      assertEquals(0, aws.invocations("$default"));
      assertEquals(List.of(), aws.managementRequests(), "nor a post to @connections");
    }
  }

  @Test
  void probeIsAGetOfTheConnectionAndGoneIsPeerGone() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      String aId = idOf(a);
      String bId = idOf(b);
      aws.clearManagementRequests();
      a.send("{\"action\":\"probe\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"p1\"}}");
      assertEquals("{\"to\":\"" + aId + "\",\"from\":\"$relay\",\"payload\":{\"type\":\"ACK\","
          + "\"token\":\"p1\",\"ret\":{\"connected\":true}}}", a.next());
      assertEquals(List.of("GET"), requestsTo(bId).stream().map(ManagementRequest::method).toList());
      b.closeBlocking();
      eventually("the stand-in sees " + bId + " leave", () -> !aws.isConnected(bId));
      a.send("{\"action\":\"probe\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"p2\"}}");
      assertTrue(a.next().startsWith(relayError(aId, "p2", "PEER_GONE")));
      List<ManagementRequest> toB = requestsTo(bId);
      assertEquals(410, toB.get(toB.size() - 1).status());
      assertTrue(toB.stream().allMatch(r -> r.method().equals("GET")), "nothing was posted to the peer: " + toB);
    }
  }

  @Test
  void messageToAGonePeerFailsFastWithPeerGone() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      String aId = idOf(a);
      String bId = idOf(b);
      b.closeBlocking();
      eventually("the stand-in sees " + bId + " leave", () -> !aws.isConnected(bId));
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"tok1\"}}");
      String error = a.next();
      assertTrue(error.startsWith(relayError(aId, "tok1", "PEER_GONE")), error);
      List<ManagementRequest> toB = requestsTo(bId);
      ManagementRequest last = toB.get(toB.size() - 1);
      assertEquals(410, last.status());
      assertEquals("GoneException", last.errorType());
    }
  }

  @Test
  void aHundredKilobyteMessageInThirtyTwoKilobyteFragmentsCrosses() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      String aId = idOf(a);
      String bId = idOf(b);
      String data = "x".repeat(100 * 1024);
      String payload = "{\"token\":\"big\",\"data\":\"" + data + "\"}";
      a.sendFragmented("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":" + payload + "}", 32 * 1024);
      assertEquals("{\"to\":\"" + bId + "\",\"from\":\"" + aId + "\",\"payload\":" + payload + "}", b.next());
    }
  }

  /** As API Gateway: the sender is closed with {@code code}, no error frame, no invocation, nothing posted. */
  private void assertClosedLikeApiGateway(TestClient sender, String targetId, int code) throws Exception {
    assertEquals(code, sender.closed.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS), sender.closeReason);
    assertTrue(sender.received.isEmpty(), "no relay error frame: " + sender.received);
    assertEquals(0, aws.invocations("sendmessage") + aws.invocations("$default"), "the function was not invoked");
    assertTrue(requestsTo(targetId).isEmpty(), "nothing was posted to the target");
  }

  @Test
  void aMessageOverOneHundredTwentyEightKilobytesIsClosedWith1009() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      idOf(a);
      String bId = idOf(b);
      aws.clearManagementRequests();
      String payload = "{\"token\":\"huge\",\"data\":\"" + "y".repeat(130 * 1024) + "\"}";
      a.sendFragmented("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":" + payload + "}", 32 * 1024);
      assertClosedLikeApiGateway(a, bId, 1009);
    }
  }

  @Test
  void aSingleFrameOverThirtyTwoKilobytesIsClosedWith1009() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      idOf(a);
      String bId = idOf(b);
      aws.clearManagementRequests();
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"wide\",\"data\":\""
          + "w".repeat(33 * 1024) + "\"}}");
      assertClosedLikeApiGateway(a, bId, 1009);
    }
  }

  @Test
  void aBinaryFrameIsClosedWith1003() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      idOf(a);
      String bId = idOf(b);
      aws.clearManagementRequests();
      a.send(new byte[] {'{', '}'});
      assertClosedLikeApiGateway(a, bId, 1003);
    }
  }

  @Test
  void aMessageThatFitsInboundButNotWithItsEnvelopeIsTooLargeForPostToConnection() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      String aId = idOf(a);
      String bId = idOf(b);
      String head = "{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"edge\",\"d\":\"";
      // exactly 128 KB in; the delivered frame carries a longer envelope ("from") and is over the limit
      String frame = head + "z".repeat(128 * 1024 - head.length() - 3) + "\"}}";
      assertEquals(128 * 1024, frame.length());
      a.sendFragmented(frame, 32 * 1024);
      String error = a.next();
      assertTrue(error.startsWith(relayError(aId, "edge", "FRAME_TOO_LARGE")), error);
      assertEquals("PayloadTooLargeException", requestsTo(bId).get(requestsTo(bId).size() - 1).errorType());
    }
  }

  @Test
  void throttledPostsAreRetriedThenReportedAsThrottled() throws Exception {
    patientPosts();
    try (TestClient a = connect(); TestClient b = connect()) {
      String aId = idOf(a);
      String bId = idOf(b);

      aws.clearManagementRequests();
      aws.throttleNextPosts(1);
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"once\"}}");
      assertEquals("{\"to\":\"" + bId + "\",\"from\":\"" + aId + "\",\"payload\":{\"token\":\"once\"}}", b.next());
      eventually("both POSTs are recorded", () -> requestsTo(bId).size() == 2);
      assertEquals(List.of(429, 200), requestsTo(bId).stream().map(ManagementRequest::status).toList());

      aws.clearManagementRequests();
      aws.throttleNextPosts(RetryPolicy.DEFAULT.maxAttempts());
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"again\"}}");
      String error = a.next();
      assertTrue(error.startsWith(relayError(aId, "again", "THROTTLED")), error);
      List<ManagementRequest> toB = requestsTo(bId);
      assertEquals(RetryPolicy.DEFAULT.maxAttempts(), toB.size());
      assertTrue(toB.stream().allMatch(r -> r.status() == 429 && "LimitExceededException".equals(r.errorType())));
      assertTrue(b.received.isEmpty());
    }
  }

  @Test
  void nonJsonFramesAndUnknownActionsGetErrorFramesThroughDefaultRoute() throws Exception {
    try (TestClient a = connect()) {
      String aId = idOf(a);
      a.send("this is not json");
      String malformed = a.next();
      assertTrue(malformed.startsWith("{\"to\":\"" + aId + "\",\"from\":\"$relay\",\"payload\":{\"type\":\"ERR\","
          + "\"error\":{\"code\":\"MALFORMED_FRAME\""), malformed);
      a.send("{\"action\":\"shout\",\"payload\":{\"token\":\"s\"}}");
      String unknown = a.next();
      assertTrue(unknown.startsWith(relayError(aId, "s", "UNKNOWN_ACTION")), unknown);
      assertTrue(a.isOpen());
    }
  }

  @Test
  void bareWhoamiReachesDefaultAndGetsTheBareConnectionId() throws Exception {
    try (TestClient a = connect()) {
      String aId = idOf(a);
      aws.clearManagementRequests();
      a.send("whoami");
      assertEquals(aId, a.next());
      eventually("the POST is recorded", () -> !aws.managementRequests().isEmpty());
      assertEquals(List.of(new ManagementRequest("POST", path(aId), aId, 200, null)), aws.managementRequests());
    }
  }

  @Test
  void connectingWithoutTheApiKeyIsRefused() throws Exception {
    SSLContext trust = aws.tls().clientContext();
    assertThrows(AssertionError.class, () -> TestClient.connect(aws.endpoint(), Map.of(), trust).close());
    assertThrows(AssertionError.class, () -> TestClient.connect(aws.endpoint(), Map.of("x-api-key", "nope"), trust).close());
  }

  @Test
  void queueBatchDeliversDropsTheGoneTargetAndLeavesTheMalformedToTheDeadLetterQueue() throws Exception {
    patientPosts();
    try (TestClient a = connect()) {
      String aId = idOf(a);
      String goneId = "AAAAAAAAAAAAAAA=";
      aws.clearManagementRequests();
      QueueBatchResult result = aws.sendToQueue(List.of(
          "{\"to\":\"" + aId + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"q1\", \"args\":[1]}}",
          "{\"to\":\"" + goneId + "\",\"payload\":{\"token\":\"q2\"}}",
          "not json at all"));
      assertEquals("{\"to\":\"" + aId + "\",\"from\":\"$queue\",\"payload\":{\"type\":\"REQ\",\"token\":\"q1\","
          + " \"args\":[1]}}", a.next());
      assertEquals(3, result.messageIds().size());
      assertEquals(List.of(result.messageIds().get(2)), result.failedMessageIds(),
          "the gone target's message is dropped; the malformed one fails, for SQS to move to the dead-letter queue");
      assertEquals(List.of(410), requestsTo(goneId).stream().map(ManagementRequest::status).toList());
    }
  }

  @Test
  void queueMessagesThrottledBeyondTheRetriesAreReportedAsBatchItemFailures() throws Exception {
    patientPosts();
    try (TestClient a = connect()) {
      String aId = idOf(a);
      aws.throttleNextPosts(RetryPolicy.DEFAULT.maxAttempts());
      QueueBatchResult result = aws.sendToQueue(List.of(
          "{\"to\":\"" + aId + "\",\"payload\":{\"token\":\"t1\"}}",
          "{\"to\":\"" + aId + "\",\"payload\":{\"token\":\"t2\"}}"));
      assertEquals(List.of(result.messageIds().get(0)), result.failedMessageIds());
      assertEquals("{\"to\":\"" + aId + "\",\"from\":\"$queue\",\"payload\":{\"token\":\"t2\"}}", a.next());
    }
  }

  @Test
  void theQueueHandlerStopsBeforeItsDeadlineAndLeavesTheRestToSqs() throws Exception {
    // each post may take 1 s + 3 s: with 6 s in all, the first (stalled) record leaves too little for a second
    RetryPolicy slow = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1),
        Duration.ofSeconds(3));
    try (AwsStandIn slowAws = AwsStandIn.builder().apiKeys(Set.of(KEY)).retry(slow)
        .functionTimeout(Duration.ofSeconds(6)).start();
        TestClient a = TestClient.connect(slowAws.endpoint(), WITH_KEY, slowAws.tls().clientContext())) {
      String aId = a.id();
      slowAws.stallNextPosts(1);
      QueueBatchResult result = slowAws.sendToQueue(List.of(
          "{\"to\":\"" + aId + "\",\"payload\":{\"token\":\"d1\"}}",
          "{\"to\":\"" + aId + "\",\"payload\":{\"token\":\"d2\"}}",
          "{\"to\":\"" + aId + "\",\"payload\":{\"token\":\"d3\"}}"));
      assertEquals(result.messageIds().subList(1, 3), result.failedMessageIds(),
          "the stalled record is not retried (it may have arrived); the two not reached go back to SQS");
      assertTrue(a.received.isEmpty(), "nothing was posted for the records not reached: " + a.received);
    }
  }

  @Test
  void aFunctionThatThrowsOrTimesOutCostsTheSenderApiGatewaysInternalServerErrorFrame() throws Exception {
    try (AwsStandIn failing = AwsStandIn.builder().functionTimeout(Duration.ofMillis(700))
        .wrapWebSocketHandler(real -> (event, context) -> {
          if (event.getBody() != null && event.getBody().contains("boom")) {
            throw new IllegalStateException("boom");
          }
          return real.handleRequest(event, context);
        }).start();
        TestClient a = TestClient.connect(failing.endpoint(), Map.of(), failing.tls().clientContext());
        TestClient b = TestClient.connect(failing.endpoint(), Map.of(), failing.tls().clientContext())) {
      String aId = a.id();
      String bId = b.id();
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"boom\"}}");
      assertTrue(a.next().matches("\\{\"message\": \"Internal server error\", \"connectionId\": \"" + Pattern.quote(aId)
          + "\", \"requestId\": \"[0-9a-f]{16}\"}"), "the handler threw");
      failing.stallNextPosts(1);
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"slow\"}}");
      String timedOut = a.next();
      assertTrue(timedOut.startsWith("{\"message\": \"Internal server error\", \"connectionId\": \"" + aId + "\""),
          "the handler ran past 700 ms: " + timedOut);
      assertTrue(a.isOpen(), "API Gateway keeps the connection");
      assertTrue(b.received.isEmpty());
    }
  }

  @Test
  void aPostApiGatewayRefusesAnswersTheSenderWithDeliveryFailed() throws Exception {
    patientPosts();
    try (TestClient a = connect(); TestClient b = connect()) {
      String aId = idOf(a);
      String bId = idOf(b);
      aws.failNextPosts(1, 403, "ForbiddenException");
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"f1\"}}");
      String error = a.next();
      assertTrue(error.startsWith(relayError(aId, "f1", "DELIVERY_FAILED")), error);
      assertTrue(error.contains("was not delivered"), error);

      aws.failNextPosts(RetryPolicy.DEFAULT.maxAttempts(), 500, "InternalServerErrorException");
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"f2\"}}");
      error = a.next();
      assertTrue(error.startsWith(relayError(aId, "f2", "DELIVERY_FAILED")), error);
      assertTrue(error.contains("may or may not have been delivered"), error);
      assertTrue(b.received.isEmpty());
    }
  }

  @Test
  void aPostThatGetsNoAnswerEndsInDeliveryFailedWithinItsBound() throws Exception {
    try (TestClient a = connect(); TestClient b = connect()) {
      String aId = idOf(a);
      String bId = idOf(b);
      aws.stallNextPosts(1);
      long start = System.nanoTime();
      a.send("{\"action\":\"sendmessage\",\"to\":\"" + bId + "\",\"payload\":{\"token\":\"s1\"}}");
      String error = a.next();
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(error.startsWith(relayError(aId, "s1", "DELIVERY_FAILED")), error);
      // one unanswered try of 1 s, not retried (it may have been delivered); TestClient.next waits at most 10 s
      assertTrue(tookMillis >= RetryPolicy.DEFAULT.attemptTimeout().toMillis(), "took " + tookMillis + " ms");
    }
  }

  @Test
  void aToThatCannotBeAConnectionIdIsRefusedWithoutAnyManagementCall() throws Exception {
    try (TestClient a = connect()) {
      String aId = idOf(a);
      aws.clearManagementRequests();
      a.send("{\"action\":\"sendmessage\",\"to\":\"no such/id!\",\"payload\":{\"token\":\"m1\"}}");
      String error = a.next();
      assertTrue(error.startsWith(relayError(aId, "m1", "MALFORMED_FRAME")), error);
      eventually("the error's POST is recorded", () -> !aws.managementRequests().isEmpty());
      assertEquals(List.of(path(aId)), aws.managementRequests().stream().map(ManagementRequest::path).toList(),
          "only the error frame to the sender was posted");
    }
  }

  @Test
  void managementApiAnswers400ToAMalformedIdAnd410OnlyToAWellFormedUnknownOne() throws Exception {
    try (ApiGatewayManagementApiClient sdk = ApiGatewayManagementApiClient.builder()
        .endpointOverride(aws.managementEndpoint())
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build()) {
      ApiGatewayManagementApiException malformed = assertThrows(ApiGatewayManagementApiException.class,
          () -> sdk.postToConnection(r -> r.connectionId("abc").data(SdkBytes.fromUtf8String("{}"))));
      assertEquals(400, malformed.statusCode());
      assertFalse(malformed instanceof GoneException, "400 is no GoneException");
      assertThrows(GoneException.class,
          () -> sdk.postToConnection(r -> r.connectionId("AAAAAAAAAAAAAAA=").data(SdkBytes.fromUtf8String("{}"))));
    }
  }

  @Test
  void managementApiAnswersGetAndDeleteAsAwsDocuments() throws Exception {
    try (TestClient a = connect();
        ApiGatewayManagementApiClient sdk = ApiGatewayManagementApiClient.builder()
            .endpointOverride(aws.managementEndpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      String aId = idOf(a);
      aws.clearManagementRequests();
      GetConnectionResponse info = sdk.getConnection(r -> r.connectionId(aId));
      assertEquals("127.0.0.1", info.identity().sourceIp());
      assertTrue(info.connectedAt() != null && !info.lastActiveAt().isBefore(info.connectedAt()));

      sdk.deleteConnection(r -> r.connectionId(aId));
      a.closed.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      eventually("the stand-in sees the deleted connection leave", () -> !aws.isConnected(aId));
      assertThrows(GoneException.class, () -> sdk.getConnection(r -> r.connectionId(aId)));

      List<ManagementRequest> seen = aws.managementRequests();
      assertEquals(List.of("GET 200", "DELETE 204", "GET 410"),
          seen.stream().map(r -> r.method() + " " + r.status()).toList());
      assertTrue(seen.stream().allMatch(r -> r.path().equals(path(aId))));
    }
  }

  @Test
  void managementApiRefusesUnsignedRequestsAndOtherPaths() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI base = aws.managementEndpoint();
    HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(base + "/@connections/abc"))
        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, unsigned.statusCode());
    HttpResponse<String> otherPath = http.send(HttpRequest.newBuilder(URI.create(base + "/elsewhere"))
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/execute-api/aws4_request")
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, otherPath.statusCode());
    assertEquals("ForbiddenException", otherPath.headers().firstValue("x-amzn-ErrorType").orElse(null));
    assertFalse(aws.managementRequests().isEmpty());
  }
}
