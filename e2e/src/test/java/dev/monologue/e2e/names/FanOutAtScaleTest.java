package dev.monologue.e2e.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.CallOutcome;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.standin.AwsStandIn;
import dev.monologue.standin.Dynalite;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code callAll} to a group of 1,000 members through the real relay function behind the stand-in, each
 * {@code PostToConnection} taking 20 ms as from a Lambda function on AWS: the {@code sendall} invocation must end
 * within the function's 10 s timeout, and the caller gets one real outcome per member. The members are light raw
 * WebSocket clients (a real socket each) that answer the request with an ACK naming themselves; 1,000 full clients
 * in one JVM would measure the test, not the relay. They hold their answers until every member has the request: on
 * AWS each answer is an invocation on another Lambda instance, while here all share this machine's cores with the
 * fan-out being measured. The raw members send no keep-alives, so the name lease (which group members have too) is
 * set longer than the test: a member silent past it would leave the group.
 */
class FanOutAtScaleTest {
  private static final int MEMBERS = 1_000;
  private static final Duration POST_LATENCY = Duration.ofMillis(20);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration SETUP = Duration.ofMinutes(4);
  private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Dynalite dynalite;
  private AwsStandIn aws;
  private final List<Member> members = new ArrayList<>();
  /** Counted down by each member as the request reaches it. */
  private final CountDownLatch reached = new CountDownLatch(MEMBERS);
  private Monologue caller;

  @BeforeEach
  void start() {
    dynalite = Dynalite.start();
    // the members' joins and answers are 2,000 invocations of their own
    aws = AwsStandIn.builder().namesTable(dynalite.endpoint()).concurrency(16).postLatency(POST_LATENCY)
        .functionTimeout(FUNCTION_TIMEOUT).nameLease(SETUP.plus(WAIT).multipliedBy(2)).start();
  }

  @AfterEach
  void stop() {
    if (caller != null) {
      caller.close();
    }
    members.forEach(Member::close);
    if (aws != null) {
      aws.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  @Test
  void callAllToAThousandMembersEndsWithinTheFunctionTimeoutWithOneOutcomeEach() throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < MEMBERS; i++) {
      Member m = new Member(aws.endpoint(), reached);
      m.setSocketFactory(aws.tls().clientContext().getSocketFactory()); // API Gateway speaks wss:// only
      members.add(m);
      m.connect();
    }
    for (Member m : members) {
      assertTrue(m.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS), "member connected");
      m.send("{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"token\":\"j\"}}");
    }
    // 1,000 joins are 1,000 invocations and 3,000 DynamoDB requests to dynalite: one bound for them all
    long joinDeadline = System.nanoTime() + SETUP.toNanos();
    Set<String> ids = new HashSet<>();
    for (Member m : members) {
      ids.add(m.id.get(Math.max(0, joinDeadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    }
    assertEquals(MEMBERS, ids.size());
    long joined = System.nanoTime();
    caller = Monologue.create(MonologueOptions.builder().endpoint(aws.endpoint()).sslContext(aws.tls().clientContext())
        .timeout(WAIT).build());
    caller.connect();
    long t1 = System.nanoTime();
    CompletableFuture<List<CallOutcome<String>>> call = caller.callAll("workers", "work", String.class);
    assertTrue(reached.await(WAIT.toSeconds(), TimeUnit.SECONDS), reached.getCount() + " members never got the request");
    long fanOut = System.nanoTime() - t1;
    members.forEach(Member::answer);
    List<CallOutcome<String>> outcomes = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    long took = System.nanoTime() - t1;
    System.out.printf("FanOutAtScaleTest: %d members joined in %d ms; the request reached all in %d ms; callAll"
        + " (report and %d replies) done in %d ms%n", MEMBERS, (joined - t0) / 1_000_000, fanOut / 1_000_000, MEMBERS,
        took / 1_000_000);
    // a sendall that ran past the function's timeout could not have reached the last member (nor posted the report)
    assertTrue(fanOut < FUNCTION_TIMEOUT.toNanos(), "the request reached the last member after " + fanOut / 1_000_000
        + " ms, past the function's timeout of " + FUNCTION_TIMEOUT.toMillis() + " ms");

    assertEquals(MEMBERS, outcomes.size(), "one outcome per member");
    Set<String> answered = new HashSet<>();
    for (CallOutcome<String> o : outcomes) {
      assertTrue(o.succeeded(), () -> o.member().id() + " failed: " + o.failure());
      assertEquals("done by " + o.member().id(), o.value(), "each member's own answer");
      answered.add(o.member().id());
    }
    assertEquals(ids, answered, "every member, once");
  }

  /** A raw WebSocket member: learns its ID from its join's ACK, and answers each request with an ACK of its own. */
  private static final class Member extends WebSocketClient {
    final CompletableFuture<Boolean> opened = new CompletableFuture<>();
    final CompletableFuture<String> id = new CompletableFuture<>();
    final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch reached;
    private volatile String answer;

    Member(URI endpoint, CountDownLatch reached) {
      super(endpoint);
      this.reached = reached;
    }

    /** Sends the held answer to the request. */
    void answer() {
      assertEquals(1, requests.get(), "one request each");
      send(answer);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      opened.complete(true);
    }

    @Override
    public void onMessage(String message) {
      try {
        JsonNode frame = MAPPER.readTree(message);
        JsonNode payload = frame.path("payload");
        String me = frame.path("to").asText();
        if ("$relay".equals(frame.path("from").asText())) {
          if ("ACK".equals(payload.path("type").asText()) && "j".equals(payload.path("token").asText())) {
            id.complete(me);
          }
          return;
        }
        if ("REQ".equals(payload.path("type").asText())) {
          answer = "{\"action\":\"sendmessage\",\"to\":\"" + frame.path("from").asText() + "\",\"payload\":{\"type\":\"ACK\","
              + "\"token\":" + MAPPER.writeValueAsString(payload.path("token").asText()) + ",\"ret\":\"done by " + me
              + "\"}}";
          requests.incrementAndGet();
          reached.countDown();
        }
      } catch (Exception e) {
        id.completeExceptionally(e);
      }
    }

    @Override
    public void onMessage(ByteBuffer bytes) {}

    @Override
    public void onClose(int code, String reason, boolean remote) {
      opened.complete(false);
      id.completeExceptionally(new AssertionError("closed " + code + " " + reason));
    }

    @Override
    public void onError(Exception ex) {}
  }
}
